import "server-only";
import { createHash } from "node:crypto";
import { POST_SCRIPT_PATH, PRE_SCRIPT_PATH, SCRIPT_MODE } from "@/lib/schemas/plan";
import { scriptBytes } from "@/lib/schemas/scripts";
import type { CloudCall } from "@/lib/schemas/instances";
import { $Ecs } from "@/lib/server/cloud/clients";
import { call, plannedStep, runStep, stepById, TaskStopped } from "@/lib/server/instances/tasks/task-steps";
import type { TaskContext, TaskInput, TaskRunner } from "@/lib/server/instances/tasks/task-runner";
import { readAgentStatus, runCommandParams, runGuestCommand } from "@/lib/server/instances/run-guest-command";
import { sleep } from "@/lib/utils";

// The seed's "upload the scripts to the ECS instance" as one fix: SendFile writes /tmp/prescript.sh and
// /tmp/postscript.sh owned by root with mode 0700, then RunCommand checks owner, mode and shebang. Each upload is
// preceded by a look-up (stat + sha256sum through RunCommand) and skipped when the file already has exactly this
// content, owner root and mode 700, so a second run changes nothing.

const TARGET_DIR = "/tmp";
const FILE_MODE = `0${SCRIPT_MODE}`;
const LOOKUP_NAME = "hbr-console-script-lookup";
const VERIFY_NAME = "hbr-console-script-verify";
/** SendFile's own Timeout (default 60 s) plus delivery. */
const SEND_FILE_WAIT_MS = 90_000;
const SEND_FILE_RUNNING = new Set(["Pending", "Scheduled", "Running", "Stopping"]);
const MAX_OUTPUT_CHARS = 2_000;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

interface ScriptFile {
  stepId: "uploadPreScript" | "uploadPostScript";
  path: string;
  content: (input: TaskInput<"scripts">) => string;
}
const FILES: ScriptFile[] = [
  { stepId: "uploadPreScript", path: PRE_SCRIPT_PATH, content: (input) => input.preScript },
  { stepId: "uploadPostScript", path: POST_SCRIPT_PATH, content: (input) => input.postScript },
];

/** What `stat` and `sha256sum` say of a file: null when it is missing. */
interface FileState {
  mode: string;
  owner: string;
  sha256: string | null;
}

const lookupScript = (paths: string[]) => [`stat -c '%a %U %n' ${paths.join(" ")}`, `sha256sum ${paths.join(" ")}`].join("\n");
const VERIFY_SCRIPT = [
  `stat -c '%a %U %n' ${PRE_SCRIPT_PATH} ${POST_SCRIPT_PATH}`,
  ...[PRE_SCRIPT_PATH, POST_SCRIPT_PATH].flatMap((path) => [`echo '== ${path}'`, `head -n 1 ${path}`]),
].join("\n");

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function parseStat(output: string, path: string): { mode: string; owner: string } | null {
  const m = new RegExp(`^(\\d{3,4}) (\\S+) ${escapeRe(path)}$`, "m").exec(output);
  return m ? { mode: m[1]!, owner: m[2]! } : null;
}

function parseLookup(output: string, path: string): FileState | null {
  const stat = parseStat(output, path);
  if (!stat) return null;
  const digest = new RegExp(`^([0-9a-f]{64})\\s+\\*?${escapeRe(path)}$`, "m").exec(output);
  return { ...stat, sha256: digest?.[1] ?? null };
}

const isUpToDate = (state: FileState | null, content: string) =>
  !!state && state.mode === SCRIPT_MODE && state.owner === "root" && state.sha256 === sha256(content);

function describeState(state: FileState | null, content: string): string {
  if (!state) return "missing";
  const problems = [
    state.sha256 !== sha256(content) ? "different content" : null,
    state.mode !== SCRIPT_MODE || state.owner !== "root" ? `${state.mode} ${state.owner}` : null,
  ].filter(Boolean);
  return problems.join(", ");
}

/** Reads the files through Cloud Assistant; null when the guest could not be read. */
async function lookUp(ctx: TaskContext, paths: string[], pollIntervalMs: number): Promise<Map<string, FileState | null> | null> {
  const { regionId, instanceId, osType } = ctx.instance;
  const run = await runGuestCommand(ctx.cloud, regionId, instanceId, osType, lookupScript(paths), { name: LOOKUP_NAME, pollIntervalMs });
  if (!run.isDone) return null;
  return new Map(paths.map((path) => [path, parseLookup(run.output, path)]));
}

const uploadLabel = (path: string) => `Upload ${path} (owner root, mode ${FILE_MODE})`;
const upToDate = (path: string) => `${path} is already up to date (same content, ${SCRIPT_MODE} root)`;

function sendFileParams(ctx: TaskContext, path: string, content: string) {
  const { regionId, instanceId } = ctx.instance;
  return {
    RegionId: regionId,
    InstanceId: [instanceId],
    Name: baseName(path),
    TargetDir: TARGET_DIR,
    FileMode: FILE_MODE,
    FileOwner: "root",
    FileGroup: "root",
    Overwrite: true,
    ContentType: "Base64",
    Content: Buffer.from(content, "utf8").toString("base64"),
  };
}

function uploadCalls(ctx: TaskContext, path: string, content: string): CloudCall[] {
  const { regionId, instanceId, osType } = ctx.instance;
  // The script itself is in the editor (and may hold a password): the preview names its size and digest.
  const sendFile = { ...sendFileParams(ctx, path, content), Content: `<Base64 of ${scriptBytes(content)} bytes, sha256 ${sha256(content).slice(0, 12)}…>` };
  return [
    call("ECS", "RunCommand", runCommandParams(regionId, instanceId, osType, lookupScript([path]), LOOKUP_NAME, 20)),
    call("ECS", "SendFile", sendFile),
    call("ECS", "DescribeSendFileResults", { RegionId: regionId, InvokeId: "<InvokeId of SendFile>", InstanceId: instanceId }),
  ];
}

/** SendFile, then DescribeSendFileResults until the file is written or the agent gives up. */
async function sendFile(ctx: TaskContext, path: string, content: string, pollIntervalMs: number): Promise<void> {
  const { regionId, instanceId } = ctx.instance;
  const ecs = ctx.cloud.ecs(regionId);
  const p = sendFileParams(ctx, path, content);
  const sent = await ecs.sendFile(
    new $Ecs.SendFileRequest({
      regionId: p.RegionId,
      instanceId: p.InstanceId,
      name: p.Name,
      targetDir: p.TargetDir,
      fileMode: p.FileMode,
      fileOwner: p.FileOwner,
      fileGroup: p.FileGroup,
      overwrite: p.Overwrite,
      contentType: p.ContentType,
      content: p.Content,
    }),
  );
  const invokeId = sent.body?.invokeId;
  if (!invokeId) throw new TaskStopped(`SendFile returned no InvokeId for ${path}`);
  const deadline = Date.now() + SEND_FILE_WAIT_MS;
  for (;;) {
    const res = await ecs.describeSendFileResults(new $Ecs.DescribeSendFileResultsRequest({ regionId, invokeId, instanceId }));
    const result = res.body?.invocations?.invocation?.[0]?.invokeInstances?.invokeInstance?.find((i) => i.instanceId === instanceId);
    const status = result?.invocationStatus ?? "Pending";
    if (status === "Success") return;
    if (result && !SEND_FILE_RUNNING.has(status)) {
      const why = [result.errorCode, result.errorInfo].filter(Boolean).join(": ") || status;
      throw new TaskStopped(`SendFile could not write ${path} on ${instanceId} (${invokeId}): ${why}`);
    }
    if (Date.now() + pollIntervalMs > deadline) {
      throw new TaskStopped(`SendFile did not report ${path} written within ${SEND_FILE_WAIT_MS / 1000} s (${invokeId} is ${status})`);
    }
    await sleep(pollIntervalMs);
  }
}

/** Every file owned by root with mode 700 and a shebang on its first line, or what is wrong. */
export function verifyOutput(output: string): { problems: string[]; seen: string[] } {
  const lines = output.split("\n");
  const problems: string[] = [];
  const seen: string[] = [];
  for (const path of [PRE_SCRIPT_PATH, POST_SCRIPT_PATH]) {
    const stat = parseStat(output, path);
    const marker = lines.indexOf(`== ${path}`);
    const first = marker >= 0 && lines[marker + 1] !== undefined && !lines[marker + 1]!.startsWith("== ") ? lines[marker + 1]! : "";
    if (!stat) {
      problems.push(`${path} is missing`);
      continue;
    }
    if (stat.mode !== SCRIPT_MODE || stat.owner !== "root") problems.push(`${path} is ${stat.mode} ${stat.owner} (needs ${SCRIPT_MODE} root)`);
    if (!first.startsWith("#!")) problems.push(`${path} does not start with a shebang (first line: ${JSON.stringify(first.slice(0, 60))})`);
    seen.push(`${path} ${stat.mode} ${stat.owner} ${first.slice(0, 40)}`);
  }
  return { problems, seen };
}

/**
 * Why a script task cannot run on this instance now, or null: Windows needs no scripts (VSS), and Cloud
 * Assistant runs only on a running instance with its agent online.
 */
export async function guestScriptBlocker(ctx: TaskContext): Promise<string | null> {
  const { regionId, instanceId, status, osType } = ctx.instance;
  if (osType === "windows") return "Windows uses VSS; no scripts needed";
  if (status !== "Running") return `${instanceId} is ${status}. Cloud Assistant runs commands only on a running instance: start it first.`;
  const agent = await readAgentStatus(ctx.cloud, regionId, instanceId);
  if (!agent.isRunning) return `Cloud Assistant is not running on ${instanceId}: run "Install Cloud Assistant" first.`;
  return null;
}

export const uploadScriptsRunner: TaskRunner<"scripts"> & { pollIntervalMs: number } = {
  kind: "scripts",
  pollIntervalMs: 500,
  async plan(ctx, input) {
    const { regionId, instanceId, osType } = ctx.instance;
    const blocker = await guestScriptBlocker(ctx);
    const states = blocker ? null : await lookUp(ctx, FILES.map((f) => f.path), this.pollIntervalMs);
    const steps = [
      ...FILES.map((f) =>
        plannedStep(f.stepId, uploadLabel(f.path), uploadCalls(ctx, f.path, f.content(input)), isUpToDate(states?.get(f.path) ?? null, f.content(input)) ? upToDate(f.path) : null),
      ),
      plannedStep("verify", `Verify both scripts: owner root, mode ${SCRIPT_MODE}, shebang`, [
        call("ECS", "RunCommand", runCommandParams(regionId, instanceId, osType, VERIFY_SCRIPT, VERIFY_NAME, 20)),
        call("ECS", "DescribeInvocationResults", { RegionId: regionId, InvokeId: "<InvokeId of RunCommand>", InstanceId: instanceId, ContentEncoding: "PlainText" }),
      ]),
    ];
    return { steps, blocker };
  },
  async run(ctx, input, steps, report) {
    const { regionId, instanceId, osType } = ctx.instance;
    for (const f of FILES) {
      const content = f.content(input);
      await runStep(steps, f.stepId, report, async () => {
        const states = await lookUp(ctx, [f.path], this.pollIntervalMs);
        if (!states) throw new TaskStopped(`Could not read ${f.path} on ${instanceId} through Cloud Assistant before uploading it`);
        const before = states.get(f.path) ?? null;
        if (isUpToDate(before, content)) return { skipped: true, detail: upToDate(f.path) };
        await sendFile(ctx, f.path, content, this.pollIntervalMs);
        return { detail: `Uploaded ${f.path}: ${scriptBytes(content)} bytes, root:root ${FILE_MODE} (was ${describeState(before, content)})` };
      });
    }
    await runStep(steps, "verify", report, async () => {
      const run = await runGuestCommand(ctx.cloud, regionId, instanceId, osType, VERIFY_SCRIPT, { name: VERIFY_NAME, pollIntervalMs: this.pollIntervalMs });
      if (!run.isDone) throw new TaskStopped(`Could not verify the scripts through Cloud Assistant: ${run.reason}`);
      const step = stepById(steps, "verify");
      step.output = run.output.slice(0, MAX_OUTPUT_CHARS);
      step.exitCode = run.exitCode;
      const { problems, seen } = verifyOutput(run.output);
      if (problems.length) throw new TaskStopped(`The scripts are not ready for HBR: ${problems.join("; ")}`);
      return { detail: seen.join("; ") };
    });
    const uploaded = steps.filter((s) => s.id !== "verify" && s.status === "done").length;
    return uploaded === 0
      ? `Nothing to change: ${PRE_SCRIPT_PATH} and ${POST_SCRIPT_PATH} are up to date (root, mode ${SCRIPT_MODE})`
      : `Uploaded ${uploaded} of 2 scripts; ${PRE_SCRIPT_PATH} and ${POST_SCRIPT_PATH} are owned by root with mode ${SCRIPT_MODE} and start with a shebang`;
  },
};
