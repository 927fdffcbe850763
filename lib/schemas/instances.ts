import { z } from "zod";
import { cloudErrorSchema, consistencyLevels } from "./plan";
import { regionParamsSchema } from "./regions";
import { dryRunScriptSchema, MIN_COMMAND_TIMEOUT_S, scriptContentSchema } from "./scripts";

// ECS instances as the console shows them: live views of the region's instances and their disks, read through
// the cloud clients; the application-consistency prerequisites of one instance; its page (plans and backups);
// and the tracked tasks an admin starts on it.

export const diskSchema = z.object({
  diskId: z.string(),
  diskName: z.string(),
  type: z.enum(["system", "data"]),
  category: z.string(),
  sizeGiB: z.number(),
  device: z.string(),
  zoneId: z.string(),
});
export type Disk = z.infer<typeof diskSchema>;

export const instanceSchema = z.object({
  instanceId: z.string(),
  instanceName: z.string(),
  osType: z.enum(["linux", "windows"]),
  osName: z.string(),
  status: z.string(),
  zoneId: z.string(),
  regionId: z.string(),
  disks: z.array(diskSchema),
  /** All disks ESSD in one zone: HBR makes a snapshot-consistent group automatically; otherwise only crash consistency of disks. */
  snapshotGroupSupported: z.boolean(),
  snapshotGroupReason: z.string(),
  /** The backup policy this instance is bound to already (one instance, one policy), if any. */
  boundPolicyId: z.string().nullable(),
  /** That policy's name, where the list read it (the instances list); the id stands in when absent. */
  boundPolicyName: z.string().nullable().optional(),
  ramRoleName: z.string().nullable(),
});
export type Instance = z.infer<typeof instanceSchema>;

/** The ECS statuses the instance list filters by (DescribeInstances' Status). */
export const instanceStatuses = ["Running", "Stopped", "Starting", "Stopping", "Pending"] as const;
export type InstanceStatus = (typeof instanceStatuses)[number];
export const instanceOsTypes = ["linux", "windows"] as const;
export type InstanceOsType = (typeof instanceOsTypes)[number];

/** A tag filter as typed: `key` (any value) or `key=value`. */
export function parseTagFilter(text: string): { key: string; value?: string } | null {
  const [key = "", ...rest] = text.split("=");
  if (!key.trim()) return null;
  return rest.length ? { key: key.trim(), value: rest.join("=").trim() } : { key: key.trim() };
}

/** Filter fields the instance list and Coverage share: a zone id, a tag as `key` or `key=value`. */
export const zoneIdFilterSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]+$/, "Not a zone id")
  .max(64);
export const tagFilterSchema = z
  .string()
  .trim()
  .max(256)
  .refine((t) => parseTagFilter(t) !== null, "Enter a tag as key or key=value");

export const instanceListQuerySchema = z.object({
  q: z.string().trim().max(128).optional(),
  status: z.enum(instanceStatuses).optional(),
  zoneId: zoneIdFilterSchema.optional(),
  /** `key` or `key=value`. */
  tag: tagFilterSchema.optional(),
  osType: z.enum(instanceOsTypes).optional(),
  /** Exactly these instances (comma-separated ids, at most 100: one DescribeInstances call), e.g. the wizard opened from Protect. */
  ids: z
    .string()
    .transform((s) => [...new Set(s.split(",").map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^i-[A-Za-z0-9]+$/, "Not an ECS instance id")).min(1, "Enter at least one instance id").max(100, "At most 100 instance ids"))
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const instanceListSchema = z.object({
  instances: z.array(instanceSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export const instanceParamsSchema = regionParamsSchema.extend({ instanceId: z.string().regex(/^i-[A-Za-z0-9]+$/, "Not an ECS instance id") });

export const checkIds = ["os", "disks", "fileSystems", "region", "ramRole", "cloudAssistant", "scripts"] as const;
export const checkStatuses = ["pass", "fail", "unknown", "notApplicable"] as const;
export const checkItemSchema = z.object({
  id: z.enum(checkIds),
  label: z.string(),
  /** notApplicable: the prerequisite does not concern this instance (Linux scripts on Windows, which uses VSS). */
  status: z.enum(checkStatuses),
  /** What was seen, e.g. "CentOS 7.9 64 bit", "d-… is cloud_efficiency", "/tmp/prescript.sh 755 root". */
  evidence: z.string(),
});
export type CheckItem = z.infer<typeof checkItemSchema>;

export const prerequisitesSchema = z.object({
  instanceId: z.string(),
  osType: z.enum(["linux", "windows"]),
  items: z.array(checkItemSchema),
  /** The consistency a backup with Application Consistent Backup turned on will reach, and why. */
  predicted: z.object({ level: z.enum(["APPLICATION", "FILE_SYSTEM", "CRASH"]), reason: z.string() }),
  checkedAt: z.string(),
});
export type Prerequisites = z.infer<typeof prerequisitesSchema>;

const levelSchema = z.enum(consistencyLevels);

/** GET /api/regions/:regionId/instances/:instanceId: the instance live, and what the console knows of it. */
export const instanceDetailSchema = z.object({
  instance: instanceSchema,
  /** Protection plans that include the instance, with the level last predicted for it (application-consistent plans). */
  plans: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      appConsistent: z.boolean(),
      predictedLevel: levelSchema.nullable(),
      predictedAt: z.string().nullable(),
    }),
  ),
  /** The newest backup jobs of the instance: the level predicted when the job ran and the level it reached. */
  recentJobs: z.array(
    z.object({
      planId: z.string(),
      planName: z.string(),
      jobId: z.string(),
      status: z.string(),
      predictedLevel: levelSchema.nullable(),
      consistencyLevel: levelSchema.nullable(),
      /** HBR's ConsistentLevel when the level reached is unknown (see planJobSchema.consistencyRaw). */
      consistencyRaw: z.string().nullable(),
      downgradeReason: z.string().nullable(),
      createdAt: z.string(),
      completedAt: z.string().nullable(),
    }),
  ),
});
export type InstanceDetail = z.infer<typeof instanceDetailSchema>;

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
