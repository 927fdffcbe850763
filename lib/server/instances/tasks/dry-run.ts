import "server-only";
import { createHash } from "node:crypto";
import { scriptBytes } from "@/lib/schemas/scripts";
import type { TaskStep } from "@/lib/schemas/instances";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { call, plannedStep, stepById, TaskStopped } from "@/lib/server/instances/tasks/task-steps";
import type { TaskContext, TaskRunner } from "@/lib/server/instances/tasks/task-runner";
import { guestScriptBlocker } from "@/lib/server/instances/tasks/upload-scripts";
import { runCommandParams, runGuestCommand, type GuestCommandResult } from "@/lib/server/instances/run-guest-command";

// The Dry run of a pre-freeze/post-thaw pair: the pre-freeze content runs through Cloud Assistant as HBR would
// run /tmp/prescript.sh, stopped after the chosen timeout, then the post-thaw content runs ALWAYS, whatever the
// first step did (failed, timed out, could not be sent), so a dry run never leaves the application frozen. Guest
// failures are recorded on their step, never thrown between the two; the task fails afterwards if either did.

/** Cloud Assistant keeps about 12 KB of output; the task row keeps the end, where errors are. */
const MAX_OUTPUT_CHARS = 4_000;

const STEP_NAMES = { preFreeze: "hbr-console-dry-run-prescript", postThaw: "hbr-console-dry-run-postscript" } as const;
type StepId = keyof typeof STEP_NAMES;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

function trimOutput(output: string | null): string | null {
  if (output === null) return null;
  return output.length <= MAX_OUTPUT_CHARS ? output : `… (${output.length - MAX_OUTPUT_CHARS} earlier characters cut)\n${output.slice(-MAX_OUTPUT_CHARS)}`;
}

function scriptCalls(ctx: TaskContext, id: StepId, content: string, timeoutSeconds: number) {
  const { regionId, instanceId, osType } = ctx.instance;
  // The script is in the editor (and may hold a password): the preview names its size and digest.
  const summary = `<${scriptBytes(content)} bytes, sha256 ${sha256(content).slice(0, 12)}…>`;
  return [
    call("ECS", "RunCommand", runCommandParams(regionId, instanceId, osType, summary, STEP_NAMES[id], timeoutSeconds)),
    call("ECS", "DescribeInvocationResults", { RegionId: regionId, InvokeId: "<InvokeId of RunCommand>", InstanceId: instanceId, ContentEncoding: "PlainText" }),
  ];
}

interface ScriptOutcome {
  isOk: boolean;
  /** One phrase for the summary, e.g. "exit 0 in 1.2 s", "stopped after 10 s: timeout". */
  text: string;
}

/** Runs one script as a step; records the outcome on the step and never throws for what the guest or the cloud did. */
async function runScriptStep(
  ctx: TaskContext,
  steps: TaskStep[],
  id: StepId,
  content: string,
  timeoutSeconds: number,
  pollIntervalMs: number,
  report: () => Promise<void>,
): Promise<ScriptOutcome> {
  const { regionId, instanceId, osType } = ctx.instance;
  const step = stepById(steps, id);
  step.status = "running";
  step.detail = "Running";
  await report();
  const started = performance.now();
  let run: GuestCommandResult;
  try {
    run = await runGuestCommand(ctx.cloud, regionId, instanceId, osType, content, { name: STEP_NAMES[id], timeoutSeconds, pollIntervalMs });
  } catch (err) {
    // Cloud trouble that outlived the client's retries: recorded like a guest failure, so the thaw still runs.
    const why = isCloudError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    run = { isDone: false, reason: `Cloud Assistant could not be reached (${why})`, isTimedOut: false, output: null, exitCode: null, durationMs: null };
  }
  step.durationMs = run.durationMs ?? Math.round(performance.now() - started);
  step.exitCode = run.exitCode;
  step.output = trimOutput(run.output);
  let outcome: ScriptOutcome;
  if (run.isDone) {
    const text = `exit code ${run.exitCode} after ${seconds(run.durationMs)}`;
    outcome = { isOk: run.exitCode === 0, text };
  } else if (run.isTimedOut) {
    outcome = { isOk: false, text: `stopped after ${timeoutSeconds} s: timeout` };
  } else {
    outcome = { isOk: false, text: `did not run to the end: ${run.reason}` };
  }
  step.status = outcome.isOk ? "done" : "failed";
  step.detail = outcome.text;
  await report();
  return outcome;
}

export const dryRunRunner: TaskRunner<"dryRun"> & { pollIntervalMs: number } = {
  kind: "dryRun",
  pollIntervalMs: 500,
  async plan(ctx, input) {
    const t = input.timeoutSeconds;
    const steps = [
      plannedStep("preFreeze", `Run the pre-freeze script (stopped after ${t} s)`, scriptCalls(ctx, "preFreeze", input.preScript, t)),
      plannedStep("postThaw", `Run the post-thaw script (always, even when the pre-freeze script fails)`, scriptCalls(ctx, "postThaw", input.postScript, t)),
    ];
    return { steps, blocker: await guestScriptBlocker(ctx) };
  },
  async run(ctx, input, steps, report) {
    const { preScript, postScript, timeoutSeconds } = input;
    const pre = await runScriptStep(ctx, steps, "preFreeze", preScript, timeoutSeconds, this.pollIntervalMs, report);
    const post = await runScriptStep(ctx, steps, "postThaw", postScript, timeoutSeconds, this.pollIntervalMs, report);
    const thawed = post.isOk
      ? "the application was thawed"
      : "the application may still be frozen: check it on the instance and run the post-thaw script by hand";
    const summary = `Pre-freeze ${pre.text}; post-thaw ${post.text}: ${thawed}`;
    if (!pre.isOk || !post.isOk) throw new TaskStopped(summary);
    return summary;
  },
};
