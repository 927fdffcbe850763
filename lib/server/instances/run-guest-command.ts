import "server-only";
import { MIN_COMMAND_TIMEOUT_S } from "@/lib/schemas/scripts";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { sleep } from "@/lib/utils";

export interface GuestCommandOptions {
  /** How long to wait for the command to finish before giving up (default: 20 s, or the Timeout plus a margin). */
  timeoutMs?: number;
  pollIntervalMs?: number;
  /** RunCommand's Name, shown in the Cloud Assistant console. */
  name?: string;
  /** RunCommand's Timeout: Cloud Assistant stops the script after this many seconds (default: from timeoutMs, at least 10). */
  timeoutSeconds?: number;
}

export type GuestCommandResult =
  | { isDone: true; output: string; exitCode: number; durationMs: number }
  | {
      isDone: false;
      reason: string;
      /** Cloud Assistant stopped the script at its Timeout; output and exit code are what it had by then. */
      isTimedOut: boolean;
      output: string | null;
      exitCode: number | null;
      durationMs: number | null;
    };

/** Delivery to the agent and the last poll take a while on top of the script's own Timeout. */
const WAIT_MARGIN_MS = 30_000;
export const DEFAULT_COMMAND_NAME = "hbr-console-prerequisites";

const RUNNING_STATES = new Set(["Pending", "Scheduled", "Running", "Stopping"]);
/** A command that ran and only exited non-zero still printed what we asked for (e.g. `stat` of a missing file). */
const OUTPUT_USABLE_ERRORS = new Set(["", "ExitCodeNonzero"]);
const TIMED_OUT = (status: string, errorCode: string) => status === "Timeout" || errorCode === "ExecutionTimeout";


/** The RunCommand a guest command sends, as a task preview shows it (content summarised by the caller if needed). */
export function runCommandParams(regionId: string, instanceId: string, osType: "linux" | "windows", commandContent: string, name: string, timeoutSeconds: number) {
  return {
    RegionId: regionId,
    InstanceId: [instanceId],
    Type: osType === "windows" ? "RunPowerShellScript" : "RunShellScript",
    Name: name,
    CommandContent: commandContent,
    ContentEncoding: "PlainText",
    Timeout: timeoutSeconds,
  };
}

/**
 * Runs a script on the instance through Cloud Assistant (RunCommand) and polls DescribeInvocationResults until
 * the invocation is terminal or the wait passes. Never throws for what the guest or its agent did: an instance
 * that is stopped or has no running agent gives `isDone: false` with why, and a script that Cloud Assistant
 * stopped at its Timeout gives `isTimedOut: true` with the output it printed. `durationMs` is measured here,
 * from the accepted RunCommand to the first poll that saw the end (so within one poll interval).
 */
export async function runGuestCommand(
  cloud: CloudClients,
  regionId: string,
  instanceId: string,
  osType: "linux" | "windows",
  script: string,
  { timeoutMs, pollIntervalMs = 500, name = DEFAULT_COMMAND_NAME, timeoutSeconds }: GuestCommandOptions = {},
): Promise<GuestCommandResult> {
  const waitMs = timeoutMs ?? (timeoutSeconds !== undefined ? timeoutSeconds * 1000 + WAIT_MARGIN_MS : 20_000);
  const timeout = timeoutSeconds ?? Math.max(MIN_COMMAND_TIMEOUT_S, Math.ceil(waitMs / 1000));
  const notDone = (reason: string, rest: Partial<Extract<GuestCommandResult, { isDone: false }>> = {}): GuestCommandResult => ({
    isDone: false,
    reason,
    isTimedOut: false,
    output: null,
    exitCode: null,
    durationMs: null,
    ...rest,
  });
  const ecs = cloud.ecs(regionId);
  let invokeId: string | undefined;
  try {
    const p = runCommandParams(regionId, instanceId, osType, script, name, timeout);
    const res = await ecs.runCommand(
      new $Ecs.RunCommandRequest({
        regionId: p.RegionId,
        instanceId: p.InstanceId,
        type: p.Type,
        commandContent: p.CommandContent,
        contentEncoding: p.ContentEncoding,
        name: p.Name,
        timeout: p.Timeout,
      }),
    );
    invokeId = res.body?.invokeId;
  } catch (err) {
    if (isCloudError(err) && !err.retryable) return notDone(`Cloud Assistant refused the command (${err.code})`);
    throw err;
  }
  if (!invokeId) return notDone("Cloud Assistant returned no invocation");

  const started = performance.now();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const res = await ecs.describeInvocationResults(
      new $Ecs.DescribeInvocationResultsRequest({ regionId, invokeId, instanceId, contentEncoding: "PlainText" }),
    );
    const result = res.body?.invocation?.invocationResults?.invocationResult?.find((r) => r.instanceId === instanceId);
    const status = result?.invocationStatus ?? "Pending";
    if (result && !RUNNING_STATES.has(status)) {
      const durationMs = Math.round(performance.now() - started);
      const errorCode = result.errorCode ?? "";
      const output = result.output ?? "";
      if (OUTPUT_USABLE_ERRORS.has(errorCode) && status !== "Timeout") return { isDone: true, output, exitCode: result.exitCode ?? 0, durationMs };
      const reason = `${errorCode || status}${result.errorInfo ? `: ${result.errorInfo}` : ""}`;
      if (TIMED_OUT(status, errorCode)) return notDone(reason, { isTimedOut: true, output, exitCode: result.exitCode ?? null, durationMs });
      return notDone(reason, { durationMs });
    }
    if (Date.now() + pollIntervalMs > deadline) return notDone(`No result within ${Math.round(waitMs / 1000)} s (${status})`);
    await sleep(pollIntervalMs);
  }
}

/** Whether ECS reports the Cloud Assistant agent online on the instance, and its version ("" when not installed). */
export interface AgentStatus {
  isRunning: boolean;
  version: string;
}

export async function readAgentStatus(cloud: CloudClients, regionId: string, instanceId: string): Promise<AgentStatus> {
  const res = await cloud.ecs(regionId).describeCloudAssistantStatus(new $Ecs.DescribeCloudAssistantStatusRequest({ regionId, instanceId: [instanceId] }));
  const status = res.body?.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus?.find((s) => s.instanceId === instanceId);
  return { isRunning: status?.cloudAssistantStatus === "true", version: status?.cloudAssistantVersion ?? "" };
}
