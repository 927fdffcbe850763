import { z } from "zod";
import { cloudErrorSchema } from "./plan";
import { dryRunScriptSchema, MIN_COMMAND_TIMEOUT_S, scriptContentSchema } from "./scripts";

// Tracked work on one ECS instance that an admin starts from the application-consistency assistant: the
// one-click fixes of the prerequisites and the Dry run of a pre-freeze/post-thaw pair. Each task is a row
// (instance_task) with its steps, queued to the worker; every step names the exact cloud calls it makes, so the
// preview an admin confirms is the plan the worker carries out.

export const instanceTaskKinds = ["ramRole", "cloudAssistant", "scripts", "dryRun"] as const;
export type InstanceTaskKind = (typeof instanceTaskKinds)[number];
export const instanceTaskLabels: Record<InstanceTaskKind, string> = {
  ramRole: "Set up RAM role AppSnapshotRoleName",
  cloudAssistant: "Install Cloud Assistant",
  scripts: "Upload pre-freeze and post-thaw scripts",
  dryRun: "Dry run",
};

/** One cloud call as the preview shows it: service, action and the parameters sent (secrets never included). */
export const cloudCallSchema = z.object({
  service: z.enum(["ECS", "RAM", "HBR"]),
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
});
export type CloudCall = z.infer<typeof cloudCallSchema>;

export const taskStepStatuses = ["pending", "running", "done", "skipped", "failed"] as const;
export const taskStepSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The look-up first (so a second run repeats nothing), then the change. */
  calls: z.array(cloudCallSchema),
  status: z.enum(taskStepStatuses),
  /** What happened, e.g. "AppSnapshotRoleName already exists", "exit code 0 after 1.2 s". */
  detail: z.string(),
  durationMs: z.number().nullable().optional(),
  exitCode: z.number().int().nullable().optional(),
  output: z.string().nullable().optional(),
});
export type TaskStep = z.infer<typeof taskStepSchema>;

const durationText = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/**
 * The line under a step: what happened, then its exit code and duration, each said once. A dry run's detail
 * already reads "exit code 0 after 1.2 s", so neither is repeated after it.
 */
export function stepOutcomeText(step: Pick<TaskStep, "detail" | "exitCode" | "durationMs">): string {
  const parts = [step.detail];
  if (step.exitCode !== null && step.exitCode !== undefined && !/\bexit code\b/i.test(step.detail)) parts.push(`exit code ${step.exitCode}`);
  if (step.durationMs && !/\bafter \d/.test(step.detail)) parts.push(durationText(step.durationMs));
  return parts.join(" · ");
}

export const DRY_RUN_DEFAULT_TIMEOUT_S = 30;
export const DRY_RUN_MAX_TIMEOUT_S = 600;

/** What an admin asks for; the kind decides the input. */
export const instanceTaskRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ramRole") }),
  z.object({ kind: z.literal("cloudAssistant") }),
  z.object({ kind: z.literal("scripts"), preScript: scriptContentSchema, postScript: scriptContentSchema }),
  z.object({
    kind: z.literal("dryRun"),
    preScript: dryRunScriptSchema,
    postScript: dryRunScriptSchema,
    /** Each script is stopped after this many seconds; the post-thaw script runs anyway. RunCommand takes no less than 10. */
    timeoutSeconds: z
      .number()
      .int()
      .min(MIN_COMMAND_TIMEOUT_S, `At least ${MIN_COMMAND_TIMEOUT_S} seconds (Cloud Assistant's smallest Timeout)`)
      .max(DRY_RUN_MAX_TIMEOUT_S, `At most ${DRY_RUN_MAX_TIMEOUT_S} seconds`),
  }),
]);
export type InstanceTaskRequest = z.infer<typeof instanceTaskRequestSchema>;

export const instanceTaskStatuses = ["pending", "running", "done", "failed"] as const;
export const instanceTaskSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  instanceId: z.string(),
  kind: z.enum(instanceTaskKinds),
  status: z.enum(instanceTaskStatuses),
  steps: z.array(taskStepSchema),
  /** Steps finished (done, skipped or failed) of all steps: the progress bar. */
  done: z.number().int(),
  total: z.number().int(),
  /** A one-line outcome once finished, e.g. "AppSnapshotRoleName attached" or why it stopped. */
  summary: z.string().nullable(),
  lastError: cloudErrorSchema.nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type InstanceTask = z.infer<typeof instanceTaskSchema>;
export const instanceTaskListSchema = z.object({ tasks: z.array(instanceTaskSchema) });

/** POST …/tasks/preview answers the steps the task would take now, each with its calls. */
export const instanceTaskPreviewSchema = z.object({
  kind: z.enum(instanceTaskKinds),
  steps: z.array(taskStepSchema),
  /** Why the task cannot run at all (e.g. the instance already has another RAM role), or null. */
  blocker: z.string().nullable(),
});
export type InstanceTaskPreview = z.infer<typeof instanceTaskPreviewSchema>;
