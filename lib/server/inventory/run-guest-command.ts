import "server-only";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";

export interface GuestCommandOptions {
  /** How long to wait for the command to finish before giving up. */
  timeoutMs?: number;
  pollIntervalMs?: number;
}

export type GuestCommandResult = { isDone: true; output: string; exitCode: number } | { isDone: false; reason: string };

const RUNNING_STATES = new Set(["Pending", "Scheduled", "Running", "Stopping"]);
/** A command that ran and only exited non-zero still printed what we asked for (e.g. `stat` of a missing file). */
const OUTPUT_USABLE_ERRORS = new Set(["", "ExitCodeNonzero"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a read-only script on the instance through Cloud Assistant (RunCommand) and polls
 * DescribeInvocationResults until the invocation is terminal or the timeout passes. Never throws for what the
 * guest or its agent did: an instance that is stopped or has no running agent gives `isDone: false` with why.
 */
export async function runGuestCommand(
  cloud: CloudClients,
  regionId: string,
  instanceId: string,
  osType: "linux" | "windows",
  script: string,
  { timeoutMs = 20_000, pollIntervalMs = 500 }: GuestCommandOptions = {},
): Promise<GuestCommandResult> {
  const ecs = cloud.ecs(regionId);
  let invokeId: string | undefined;
  try {
    const res = await ecs.runCommand(
      new $Ecs.RunCommandRequest({
        regionId,
        instanceId: [instanceId],
        type: osType === "windows" ? "RunPowerShellScript" : "RunShellScript",
        commandContent: script,
        contentEncoding: "PlainText",
        name: "hbr-console-prerequisites",
        timeout: Math.max(10, Math.ceil(timeoutMs / 1000)),
      }),
    );
    invokeId = res.body?.invokeId;
  } catch (err) {
    if (isCloudError(err) && !err.retryable) return { isDone: false, reason: `Cloud Assistant refused the command (${err.code})` };
    throw err;
  }
  if (!invokeId) return { isDone: false, reason: "Cloud Assistant returned no invocation" };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await ecs.describeInvocationResults(
      new $Ecs.DescribeInvocationResultsRequest({ regionId, invokeId, instanceId, contentEncoding: "PlainText" }),
    );
    const result = res.body?.invocation?.invocationResults?.invocationResult?.find((r) => r.instanceId === instanceId);
    const status = result?.invocationStatus ?? "Pending";
    if (result && !RUNNING_STATES.has(status)) {
      const errorCode = result.errorCode ?? "";
      if (OUTPUT_USABLE_ERRORS.has(errorCode)) return { isDone: true, output: result.output ?? "", exitCode: result.exitCode ?? 0 };
      return { isDone: false, reason: `${errorCode}${result.errorInfo ? `: ${result.errorInfo}` : ""}` };
    }
    if (Date.now() + pollIntervalMs > deadline) return { isDone: false, reason: `No result within ${Math.round(timeoutMs / 1000)} s (${status})` };
    await sleep(pollIntervalMs);
  }
}
