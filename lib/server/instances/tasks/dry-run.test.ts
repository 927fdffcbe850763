import { beforeAll, describe, expect, it } from "vitest";
import { DRY_RUN_DEFAULT_TIMEOUT_S, taskStepSchema, type TaskStep } from "@/lib/schemas/instances";
import { scriptGallery } from "@/lib/schemas/script-gallery";
import { describeInstancesByIds } from "@/lib/server/instances/get-instances-by-ids";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";
import { dryRunRunner } from "@/lib/server/instances/tasks/dry-run";
import type { TaskContext } from "@/lib/server/instances/tasks/task-runner";
import { TaskStopped } from "@/lib/server/instances/tasks/task-steps";

const kit = setUpInventoryEmulator();
const HK = "cn-hongkong";
const SCRIPTS_LAB = "i-j6cdemo000000014"; // hk-scripts-lab: CentOS 7.9, no scripts
const THAW = "#!/bin/bash\necho thawed\nexit 0\n";

beforeAll(() => {
  dryRunRunner.pollIntervalMs = 20;
});

async function context(regionId = HK, instanceId = SCRIPTS_LAB): Promise<TaskContext> {
  const [instance] = await describeInstancesByIds(kit.cloud, await getRegionOrThrow(kit.cloud, regionId), [instanceId]);
  return { cloud: kit.cloud, instance: instance! };
}

/** Plans and runs a dry run as the worker does: the summary, or the TaskStopped message when a step failed. */
async function dryRun(preScript: string, postScript: string, timeoutSeconds = DRY_RUN_DEFAULT_TIMEOUT_S) {
  const ctx = await context();
  const input = { kind: "dryRun" as const, preScript, postScript, timeoutSeconds };
  const plan = await dryRunRunner.plan(ctx, input);
  expect(plan.blocker).toBeNull();
  const steps = plan.steps;
  const seen: string[] = [];
  const report = async () => {
    taskStepSchema.array().parse(steps);
    seen.push(steps.map((s) => s.status).join(","));
  };
  try {
    return { steps, seen, summary: await dryRunRunner.run(ctx, input, steps, report), isFailed: false };
  } catch (err) {
    if (!(err instanceof TaskStopped)) throw err;
    return { steps, seen, summary: err.message, isFailed: true };
  }
}

const [pre, post] = ["preFreeze", "postThaw"];
const step = (steps: TaskStep[], id: string) => steps.find((s) => s.id === id)!;

describe("dry run of a pre-freeze/post-thaw pair", () => {
  it("plans the two RunCommands with the timeout, the content summarised", async () => {
    const plan = await dryRunRunner.plan(await context(), { kind: "dryRun", preScript: THAW, postScript: THAW, timeoutSeconds: 15 });
    expect(plan.steps.map((s) => [s.id, s.label, s.status])).toEqual([
      [pre, "Run the pre-freeze script (stopped after 15 s)", "pending"],
      [post, "Run the post-thaw script (always, even when the pre-freeze script fails)", "pending"],
    ]);
    expect(plan.steps[0]!.calls.map((c) => c.action)).toEqual(["RunCommand", "DescribeInvocationResults"]);
    expect(plan.steps[0]!.calls[0]!.params).toMatchObject({ Type: "RunShellScript", Timeout: 15, InstanceId: [SCRIPTS_LAB], Name: "hbr-console-dry-run-prescript" });
    expect(plan.steps[0]!.calls[0]!.params.CommandContent).toMatch(/^<\d+ bytes, sha256 [0-9a-f]{12}…>$/);
  });

  it("runs freeze then thaw and records exit codes, durations and output", async () => {
    const run = await dryRun("#!/bin/bash\necho froze\nsleep 2\n", THAW);
    expect(run.isFailed).toBe(false);
    expect(step(run.steps, pre)).toMatchObject({ status: "done", exitCode: 0, output: "froze\n", detail: expect.stringMatching(/^exit code 0 after \d+\.\d s$/) });
    expect(step(run.steps, post)).toMatchObject({ status: "done", exitCode: 0, output: "thawed\n" });
    expect(step(run.steps, pre).durationMs).toBeGreaterThanOrEqual(2000 / 50); // 2 simulated seconds at the test time scale
    expect(run.seen).toEqual(["running,pending", "done,pending", "done,running", "done,done"]);
    expect(run.summary).toMatch(/^Pre-freeze exit code 0 after .*; post-thaw exit code 0 after .*: the application was thawed$/);
  });

  it("a hanging pre-freeze is stopped by the timeout and the post-thaw still runs", async () => {
    const run = await dryRun("#!/bin/bash\necho freezing\nsleep 3600\necho never\n", "#!/bin/bash\necho thawed\nexit 4\n", 10);
    expect(step(run.steps, pre)).toMatchObject({ status: "failed", detail: "stopped after 10 s: timeout", exitCode: 1, output: "freezing\n" });
    expect(step(run.steps, post)).toMatchObject({ status: "failed", exitCode: 4, output: "thawed\n", detail: expect.stringMatching(/^exit code 4 after/) });
    expect(run.isFailed).toBe(true);
    expect(run.summary).toMatch(/^Pre-freeze stopped after 10 s: timeout; post-thaw exit code 4 after .*: the application may still be frozen/);
  });

  it("a failing freeze (exit 3) still thaws, and the summary says so", async () => {
    const run = await dryRun("#!/bin/bash\necho cannot lock >&2\nexit 3\n", THAW);
    expect(step(run.steps, pre)).toMatchObject({ status: "failed", exitCode: 3, output: "cannot lock\n" });
    expect(step(run.steps, post)).toMatchObject({ status: "done", exitCode: 0 });
    expect(run.isFailed).toBe(true);
    expect(run.summary).toMatch(/^Pre-freeze exit code 3 after .*; post-thaw exit code 0 after .*: the application was thawed$/);
  });

  it("a pre-freeze the cloud refuses still thaws: nothing is thrown between the steps", async () => {
    await kit.admin("faults", "POST", { action: "RunCommand", kind: "error", code: "ServiceUnavailable", status: 503, params: { Name: "hbr-console-dry-run-prescript" }, count: 50 });
    try {
      const run = await dryRun("#!/bin/bash\nexit 0\n", THAW);
      expect(step(run.steps, pre)).toMatchObject({ status: "failed", detail: expect.stringContaining("Cloud Assistant could not be reached (ServiceUnavailable") });
      expect(step(run.steps, post)).toMatchObject({ status: "done", exitCode: 0, output: "thawed\n" });
      expect(run.summary).toContain("the application was thawed");
    } finally {
      await kit.admin("faults", "DELETE");
    }
  });

  it("every gallery pair dry-runs to the end in the emulator", async () => {
    for (const g of scriptGallery) {
      const run = await dryRun(g.preScript, g.postScript);
      expect(run.steps.map((s) => s.status), g.id).toEqual(["done", "done"]);
    }
  });

  it("blocks Windows: VSS needs no scripts", async () => {
    const plan = await dryRunRunner.plan(await context("ap-southeast-1", demo.sgWin2019), { kind: "dryRun", preScript: THAW, postScript: THAW, timeoutSeconds: 10 });
    expect(plan.blocker).toBe("Windows uses VSS; no scripts needed");
  });
});
