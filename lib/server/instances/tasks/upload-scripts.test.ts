import { beforeAll, describe, expect, it } from "vitest";
import { taskStepSchema, type TaskStep } from "@/lib/schemas/instances";
import { POST_SCRIPT_PATH, PRE_SCRIPT_PATH } from "@/lib/schemas/plan";
import { scriptGallery } from "@/lib/schemas/script-gallery";
import { $Ecs } from "@/lib/server/cloud/clients";
import { describeInstancesByIds } from "@/lib/server/instances/get-instances-by-ids";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";
import { runGuestCommand } from "@/lib/server/instances/run-guest-command";
import type { TaskContext } from "@/lib/server/instances/tasks/task-runner";
import { uploadScriptsRunner, verifyOutput } from "@/lib/server/instances/tasks/upload-scripts";

const kit = setUpInventoryEmulator();
const HK = "cn-hongkong";
const SCRIPTS_LAB = "i-j6cdemo000000014"; // hk-scripts-lab: CentOS 7.9, no scripts
const [mysql, redis] = [scriptGallery.find((g) => g.id === "mysql")!, scriptGallery.find((g) => g.id === "redis")!];

beforeAll(() => {
  uploadScriptsRunner.pollIntervalMs = 20;
});

async function context(regionId: string, instanceId: string): Promise<TaskContext> {
  const [instance] = await describeInstancesByIds(kit.cloud, await getRegionOrThrow(kit.cloud, regionId), [instanceId]);
  return { cloud: kit.cloud, instance: instance! };
}

/** Plans and runs the fix as the worker does; the steps as saved after the last report. */
async function upload(ctx: TaskContext, preScript: string, postScript: string) {
  const input = { kind: "scripts" as const, preScript, postScript };
  const plan = await uploadScriptsRunner.plan(ctx, input);
  expect(plan.blocker).toBeNull();
  const planned = structuredClone(plan.steps);
  const steps = plan.steps;
  let reports = 0;
  const summary = await uploadScriptsRunner.run(ctx, input, steps, async () => {
    reports++;
    taskStepSchema.array().parse(steps);
  });
  return { planned, steps, summary, reports };
}

const byId = (steps: TaskStep[]) => Object.fromEntries(steps.map((s) => [s.id, s]));

describe("upload scripts (SendFile + verify)", () => {
  it("plans the look-up, SendFile and its result for each file, then the verify command", async () => {
    const ctx = await context(HK, SCRIPTS_LAB);
    const plan = await uploadScriptsRunner.plan(ctx, { kind: "scripts", preScript: mysql.preScript, postScript: mysql.postScript });
    expect(plan.blocker).toBeNull();
    expect(plan.steps.map((s) => [s.id, s.status])).toEqual([
      ["uploadPreScript", "pending"],
      ["uploadPostScript", "pending"],
      ["verify", "pending"],
    ]);
    const pre = plan.steps[0]!;
    expect(pre.label).toBe(`Upload ${PRE_SCRIPT_PATH} (owner root, mode 0700)`);
    expect(pre.calls.map((c) => c.action)).toEqual(["RunCommand", "SendFile", "DescribeSendFileResults"]);
    expect(pre.calls[0]!.params).toMatchObject({ Type: "RunShellScript", CommandContent: `stat -c '%a %U %n' ${PRE_SCRIPT_PATH}\nsha256sum ${PRE_SCRIPT_PATH}` });
    expect(pre.calls[1]!.params).toMatchObject({ InstanceId: [SCRIPTS_LAB], Name: "prescript.sh", TargetDir: "/tmp", FileMode: "0700", FileOwner: "root", FileGroup: "root", Overwrite: true, ContentType: "Base64" });
    expect(pre.calls[1]!.params.Content).toMatch(/^<Base64 of \d+ bytes, sha256 [0-9a-f]{12}…>$/);
    expect(plan.steps[2]!.calls[0]!.params.CommandContent).toContain(`head -n 1 ${POST_SCRIPT_PATH}`);
  });

  it("uploads both files 700 root; a second run skips both uploads and changes nothing", async () => {
    const ctx = await context(HK, SCRIPTS_LAB);
    const first = await upload(ctx, mysql.preScript, mysql.postScript);
    expect(first.steps.map((s) => s.status)).toEqual(["done", "done", "done"]);
    expect(byId(first.steps).uploadPreScript!.detail).toMatch(/^Uploaded \/tmp\/prescript\.sh: \d+ bytes, root:root 0700 \(was missing\)$/);
    expect(byId(first.steps).verify!.detail).toBe(`${PRE_SCRIPT_PATH} 700 root #!/bin/bash; ${POST_SCRIPT_PATH} 700 root #!/bin/bash`);
    expect(first.summary).toMatch(/^Uploaded 2 of 2 scripts/);
    expect(first.reports).toBeGreaterThanOrEqual(6);

    const files = await runGuestCommand(kit.cloud, HK, SCRIPTS_LAB, "linux", `stat -c '%a %U %G %n' ${PRE_SCRIPT_PATH} ${POST_SCRIPT_PATH}\ncat ${POST_SCRIPT_PATH}`, { pollIntervalMs: 20 });
    expect(files).toMatchObject({ isDone: true, output: `700 root root ${PRE_SCRIPT_PATH}\n700 root root ${POST_SCRIPT_PATH}\n${mysql.postScript}` });

    const second = await upload(ctx, mysql.preScript, mysql.postScript);
    expect(second.planned.map((s) => s.status)).toEqual(["skipped", "skipped", "pending"]);
    expect(second.steps.map((s) => [s.id, s.status, s.detail])).toEqual([
      ["uploadPreScript", "skipped", `${PRE_SCRIPT_PATH} is already up to date (same content, 700 root)`],
      ["uploadPostScript", "skipped", `${POST_SCRIPT_PATH} is already up to date (same content, 700 root)`],
      ["verify", "done", expect.stringContaining("700 root")],
    ]);
    expect(second.summary).toBe(`Nothing to change: ${PRE_SCRIPT_PATH} and ${POST_SCRIPT_PATH} are up to date (root, mode 700)`);
    const sent = await kit.cloud.ecs(HK).describeSendFileResults(new $Ecs.DescribeSendFileResultsRequest({ regionId: HK, instanceId: SCRIPTS_LAB }));
    expect(sent.body?.invocations?.invocation).toHaveLength(2);

    // Changing one script uploads that one only.
    const third = await upload(ctx, mysql.preScript, redis.postScript);
    expect(third.steps.map((s) => s.status)).toEqual(["skipped", "done", "done"]);
    expect(byId(third.steps).uploadPostScript!.detail).toContain("(was different content)");

    const prerequisites = await checkPrerequisites(kit.cloud, HK, SCRIPTS_LAB, { pollIntervalMs: 20 });
    expect(prerequisites.items.find((i) => i.id === "scripts")).toMatchObject({ status: "pass" });
  });

  it("replaces a script with the wrong mode and owner (the same content)", async () => {
    const ctx = await context("ap-southeast-1", demo.sgAlinuxMode755);
    const current = await runGuestCommand(kit.cloud, "ap-southeast-1", demo.sgAlinuxMode755, "linux", `cat ${PRE_SCRIPT_PATH}`, { pollIntervalMs: 20 });
    const post = await runGuestCommand(kit.cloud, "ap-southeast-1", demo.sgAlinuxMode755, "linux", `cat ${POST_SCRIPT_PATH}`, { pollIntervalMs: 20 });
    if (!current.isDone || !post.isDone) throw new Error("cannot read the scripts");
    const run = await upload(ctx, current.output, post.output);
    expect(run.planned.map((s) => s.status)).toEqual(["pending", "pending", "pending"]);
    expect(byId(run.steps).uploadPreScript!.detail).toContain("(was 755 root)");
    expect(run.steps.map((s) => s.status)).toEqual(["done", "done", "done"]);
  });

  it("puts back a script changed on the instance since the last upload", async () => {
    const ctx = await context(HK, demo.hkPrescriptOnly);
    const input = { kind: "scripts" as const, preScript: "#!/bin/bash\nsync\n", postScript: "#!/bin/bash\nexit 0\n" };
    await upload(ctx, input.preScript, input.postScript);
    await kit.cloud.ecs(HK).sendFile(
      new $Ecs.SendFileRequest({ regionId: HK, instanceId: [demo.hkPrescriptOnly], name: "postscript.sh", targetDir: "/tmp", content: "exit 0\n", fileMode: "0755", overwrite: true }),
    );
    const again = await upload(ctx, input.preScript, input.postScript);
    expect(again.steps.map((s) => s.status)).toEqual(["skipped", "done", "done"]);
    expect(byId(again.steps).uploadPostScript!.detail).toContain("(was different content, 755 root)");
  });

  it("the verify step names every file that is missing, not 700 root, or without a shebang", () => {
    const output = [`700 root ${PRE_SCRIPT_PATH}`, `stat: cannot stat '${POST_SCRIPT_PATH}': No such file or directory`, `== ${PRE_SCRIPT_PATH}`, "set -e", `== ${POST_SCRIPT_PATH}`, "head: cannot open"].join("\n");
    expect(verifyOutput(output).problems).toEqual([`${PRE_SCRIPT_PATH} does not start with a shebang (first line: "set -e")`, `${POST_SCRIPT_PATH} is missing`]);
    const modes = [`755 admin ${PRE_SCRIPT_PATH}`, `700 root ${POST_SCRIPT_PATH}`, `== ${PRE_SCRIPT_PATH}`, "#!/bin/sh", `== ${POST_SCRIPT_PATH}`, "#!/bin/bash"].join("\n");
    expect(verifyOutput(modes).problems).toEqual([`${PRE_SCRIPT_PATH} is 755 admin (needs 700 root)`]);
  });

  it("blocks Windows (VSS), stopped instances and instances without a running agent", async () => {
    const input = { kind: "scripts" as const, preScript: mysql.preScript, postScript: mysql.postScript };
    const blockerOf = async (regionId: string, instanceId: string) => (await uploadScriptsRunner.plan(await context(regionId, instanceId), input)).blocker;
    expect(await blockerOf("ap-southeast-1", demo.sgWin2019)).toBe("Windows uses VSS; no scripts needed");
    expect(await blockerOf("ap-southeast-1", demo.sgStopped)).toMatch(/is Stopped\. Cloud Assistant runs commands only on a running instance/);
    expect(await blockerOf(HK, demo.hkAgentAbsent)).toMatch(/Cloud Assistant is not running/);
  });
});
