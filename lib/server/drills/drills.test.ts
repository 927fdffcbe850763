import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { drillRequestSchema, type DrillRun } from "@/lib/schemas/drill";
import { createPlanSchema, defaultPlanInput, planListQuerySchema, type PlanDetail } from "@/lib/schemas/plan";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { listPlans } from "@/lib/server/plans/list-plans";
import { getDb } from "@/lib/server/db/client";
import { isInstanceGone, listDrillInstances } from "@/lib/server/drills/drill-cloud";
import { listDrills, updateDrillSettings } from "@/lib/server/drills/drill-settings";
import { requestDrill, startDueDrills } from "@/lib/server/drills/request-drill";
import { runDrill, runDrillUntil } from "@/lib/server/drills/run-drill";
import { toDrillRuns } from "@/lib/server/drills/drill-dto";
import { sweepDrills } from "@/lib/server/drills/sweep-drills";
import { runGuestCommand } from "@/lib/server/instances/run-guest-command";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { requestPlanAction } from "@/lib/server/plans/request-plan-action";
import { demo } from "@/lib/server/testing/inventory-test-kit";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

// Restore drills end to end: real PostgreSQL, the queue, a live worker and the emulator over HTTP.

const world = setUpPlanWorld();
const REGION = "ap-southeast-1";
const deps = () => ({ db: getDb(), boss: world.boss });
let counter = 0;

/** An active manual plan of one Linux instance with one backup point taken after /data/marker was written. */
async function backedUpPlan(instanceId: string, marker: string): Promise<PlanDetail> {
  const w = await runGuestCommand(world.cloud, REGION, instanceId, "linux", `echo '${marker}' > /data/marker`);
  expect(w).toMatchObject({ isDone: true, exitCode: 0 });
  const input = defaultPlanInput(REGION);
  input.name = `drill-plan-${Date.now()}-${++counter}`;
  input.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
  const { plan } = await createPlan({ ...deps(), inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
  await untilPlan(plan.id, (p) => p.status === "active");
  await requestPlanAction(deps(), plan.id, "runNow", { id: world.admin.id });
  return untilPlan(plan.id, (p) => p.jobs.some((j) => !!j.hbrSnapshotId), 60_000);
}

async function untilRunsEnd(planId: string, timeoutMs = 90_000): Promise<DrillRun[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { runs } = await listDrills(getDb(), planId, { limit: 50 });
    if (runs.length && runs.every((r) => r.status === "passed" || r.status === "failed")) return runs;
    if (Date.now() > deadline) throw new Error(`drills did not end: ${JSON.stringify(runs.map((r) => ({ status: r.status, steps: r.steps, error: r.lastError })))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function expectNoDrillInstanceLeft(runs: DrillRun[]) {
  for (const r of runs) if (r.drillInstanceId) expect(await isInstanceGone(world.cloud, REGION, r.drillInstanceId)).toBe(true);
  const left = (await listDrillInstances(world.cloud, REGION)).filter((i) => i.status !== "Deleted");
  expect(left).toEqual([]);
}

describe("restore drills (database, queue, worker, emulator)", () => {
  it("refuses what cannot start with 404, 409 or field errors, and saves nothing", async () => {
    const input = defaultPlanInput(REGION);
    input.name = `drill-refused-${Date.now()}`;
    input.backupObjects.instances = [
      { instanceId: demo.sgBtrfs, protectAllDisks: true, diskIds: [] },
      { instanceId: demo.sgWin2019, protectAllDisks: true, diskIds: [] },
    ];
    const { plan } = await createPlan({ ...deps(), inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
    const actor = { id: world.admin.id };
    const refusal = (body: unknown, planId = plan.id) => requestDrill(deps(), planId, drillRequestSchema.parse(body), actor).then(() => null, (e: unknown) => e);
    expect(await refusal({}, "plan_missing0")).toMatchObject({ code: "NOT_FOUND" });
    await untilPlan(plan.id, (p) => p.status === "active");
    expect(await refusal({})).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("backup point") });
    expect(await refusal({ instanceId: demo.sgMysql })).toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: { instanceId: [expect.stringContaining("not protected")] } });
    expect(await refusal({ instanceId: demo.sgBtrfs })).toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: { instanceId: [expect.stringContaining("no backup point")] } });
    expect(await refusal({ instanceId: demo.sgBtrfs, backupJobId: "job-nope" })).toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: { backupJobId: [expect.any(String)] } });
    expect(await refusal({ probe: { kind: "mysql" } })).toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: { "probe.kind": [expect.stringContaining("Linux only")] } });
    // The shared schema gives the same field paths the dialog shows.
    const bad = drillRequestSchema.safeParse({ backupJobId: "x", probe: { kind: "file", path: "relative", text: "it's" } });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["backupJobId", "probe.path", "probe.text"]));
    expect(await getDb().drillRun.count({ where: { planId: plan.id } })).toBe(0);
  }, 60_000);

  it("passes: the newest backup point boots in the isolated vSwitch, the probe answers, RTO is recorded and the instance is deleted", async () => {
    const plan = await backedUpPlan(demo.sgUbuntuNoScripts, "drill-pass");
    const t0 = Date.now();
    const { runs: started } = await requestDrill(deps(), plan.id, drillRequestSchema.parse({}), { id: world.admin.id });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ status: "pending", instanceId: demo.sgUbuntuNoScripts, trigger: "manual", requestedBy: { id: world.admin.id } });
    const [run] = await untilRunsEnd(plan.id);
    const elapsedS = (Date.now() - t0) / 1000;
    expect(run!.lastError).toBeNull();
    expect(run!.status).toBe("passed");
    expect(run!.steps.every((s) => s.status === "done")).toBe(true);
    expect(run!.probeOutput).toContain("agent-ok");
    expect(run!.rtoSeconds).not.toBeNull();
    expect(run!.rtoSeconds!).toBeLessThanOrEqual(Math.ceil(elapsedS));
    expect(run!.backupPoint?.hbrSnapshotId).toBe(plan.jobs.find((j) => j.hbrSnapshotId)!.hbrSnapshotId);
    expect(run!.drillInstanceId).toMatch(/^i-/);
    expect(run!.instanceDeletedAt).not.toBeNull();
    // The restore went into the isolated network, without a public IP, named for the run.
    const restore = (await world.cloud.hbr(REGION).describeRestoreJobs2({ restoreType: "UDM_ECS", pageSize: 99 })).restoreJobs.restoreJob.find((j) => j.restoreId === run!.restoreJobId)!;
    expect(restore.udmDetail).toContain(`hbr-drill-${run!.id}`);
    expect(restore.udmDetail).toMatch(/drill/);
    await expectNoDrillInstanceLeft([run!]);
    const history = await listDrills(getDb(), plan.id, { limit: 10 });
    expect(history.lastVerified).toEqual({ at: run!.finishedAt, rtoSeconds: run!.rtoSeconds });
    // The plans list shows it and filters by it; the dashboard counts it.
    const verified = await listPlans(getDb(), planListQuerySchema.parse({ verified: "yes", pageSize: 100 }));
    expect(verified.plans.find((p) => p.id === plan.id)?.lastVerified).toEqual(history.lastVerified);
    const notVerified = await listPlans(getDb(), planListQuerySchema.parse({ verified: "no", pageSize: 100 }));
    expect(notVerified.plans.map((p) => p.id)).not.toContain(plan.id);
    expect((await getDashboard(getDb(), REGION, new Date())).verifiedRestorable.verified).toBeGreaterThanOrEqual(1);
    const at = (name: string) => Date.parse(run!.steps.find((s) => s.name === name)!.at!);
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const t = Date.parse(run!.createdAt);
    console.log(
      `drill (emulator time scale 50): request → restore COMPLETE ${s(at("waitRestoreJob") - t)} s, → Running ${s(at("waitRunning") - t)} s, ` +
        `→ probe passed (RTO) ${run!.rtoSeconds} s, → instance deleted ${s(at("deleteInstance") - t)} s`,
    );
  }, 180_000);

  it("fails when the probe fails (“File has content” with the wrong text), and still deletes the drill instance; the right text passes", async () => {
    const plan = await backedUpPlan(demo.sgAlinuxMode755, "drill-content-v1");
    // The live file changes after the backup: the drill must read the backed-up content.
    await runGuestCommand(world.cloud, REGION, demo.sgAlinuxMode755, "linux", "echo 'changed-later' > /data/marker");
    await requestDrill(deps(), plan.id, drillRequestSchema.parse({ probe: { kind: "file", path: "/data/marker", text: "changed-later" } }), { id: world.admin.id });
    const [failed] = await untilRunsEnd(plan.id);
    expect(failed).toMatchObject({ status: "failed", probeExitCode: 1, rtoSeconds: null, lastError: { code: "ProbeFailed" } });
    expect(failed!.steps.find((s) => s.name === "probe")!.status).toBe("failed");
    expect(failed!.steps.find((s) => s.name === "deleteInstance")!.status).toBe("done");
    await expectNoDrillInstanceLeft([failed!]);
    expect((await listDrills(getDb(), plan.id, { limit: 10 })).lastVerified).toBeNull();
    const notVerified = await listPlans(getDb(), planListQuerySchema.parse({ verified: "no", pageSize: 100 }));
    expect(notVerified.plans.find((p) => p.id === plan.id)?.lastVerified).toBeNull();

    await requestDrill(deps(), plan.id, drillRequestSchema.parse({ instanceId: demo.sgAlinuxMode755, probe: { kind: "file", path: "/data/marker", text: "drill-content-v1" } }), { id: world.admin.id });
    const runs = await untilRunsEnd(plan.id);
    expect(runs[0]).toMatchObject({ status: "passed", probeExitCode: 0 });
    await expectNoDrillInstanceLeft(runs);
  }, 240_000);

  it("the sweeper deletes a drill instance whose run is past the bound (and gives the run up) or unknown, and leaves a young run's alone", async () => {
    const plan = await backedUpPlan(demo.sgCentos76Admin, "drill-kill");
    await world.worker.stop(); // no worker: the run is saved and queued, nobody runs it to its end
    try {
      const { runs } = await requestDrill(deps(), plan.id, drillRequestSchema.parse({}), { id: world.admin.id });
      const runId = runs[0]!.id;
      // Drive the run by hand up to a booted, tagged instance, then "die" (the process keeps nothing in memory).
      await runDrillUntil({ db: getDb(), cloud: world.cloud }, runId, "tagInstance");
      const row = await getDb().drillRun.findUniqueOrThrow({ where: { id: runId } });
      expect(row.drillInstanceId).toMatch(/^i-/);
      expect((await listDrillInstances(world.cloud, REGION)).map((i) => [i.instanceId, i.tagRunId])).toContainEqual([row.drillInstanceId, runId]);

      // A young open run is left alone (its queue job will resume it)…
      const young = await sweepDrills({ db: getDb(), cloud: world.cloud, boss: world.boss });
      expect(young.deleted).toEqual([]);
      // …one past the bound is given up and its instance deleted.
      const swept = await sweepDrills({ db: getDb(), cloud: world.cloud, boss: world.boss }, { maxRunAgeMs: 0, now: new Date(Date.now() + 10_000) });
      expect(swept.abandoned).toBe(1);
      expect(swept.deleted).toEqual([row.drillInstanceId]);
      const after = await getDb().drillRun.findUniqueOrThrow({ where: { id: runId } });
      expect(after.status).toBe("failed");
      expect((after.lastError as { code: string }).code).toBe("DrillAbandoned");
      // An instance whose run the database does not know at all (its plan was deleted with its runs) goes at once.
      const second = (await requestDrill(deps(), plan.id, drillRequestSchema.parse({}), { id: world.admin.id })).runs[0]!.id;
      await runDrillUntil({ db: getDb(), cloud: world.cloud }, second, "tagInstance");
      const orphan = (await getDb().drillRun.findUniqueOrThrow({ where: { id: second } })).drillInstanceId!;
      await getDb().drillRun.delete({ where: { id: second } });
      const unknown = await sweepDrills({ db: getDb(), cloud: world.cloud, boss: world.boss });
      expect(unknown.deleted).toContain(orphan);
      const deadline = Date.now() + 30_000;
      while (!(await isInstanceGone(world.cloud, REGION, orphan)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      expect(await isInstanceGone(world.cloud, REGION, orphan)).toBe(true);
    } finally {
      await world.restartWorker();
    }
  }, 180_000);

  it("kill -9 of a worker process mid-drill: the run resumes in another worker and its drill instance is still deleted", async () => {
    const plan = await backedUpPlan(demo.sgEfficiency, "drill-kill-9");
    await world.worker.stop();
    // The worker as its own process (npm run worker), against this test's database and emulator.
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      env: { ...process.env, EMULATOR_PORT: String(world.kit.emulator.port), CLOUD_MODE: "emulator", CLOUD_RETRY_BASE_MS: "10", LOG_LEVEL: "silent", WORKER_CONCURRENCY: "2" },
      stdio: "ignore",
    });
    try {
      const { runs } = await requestDrill(deps(), plan.id, drillRequestSchema.parse({}), { id: world.admin.id });
      const runId = runs[0]!.id;
      const deadline = Date.now() + 60_000;
      let row = await getDb().drillRun.findUniqueOrThrow({ where: { id: runId } });
      while (!(row.drillInstanceId && ["booting", "probing"].includes(row.status)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        row = await getDb().drillRun.findUniqueOrThrow({ where: { id: runId } });
      }
      expect(row.drillInstanceId).toMatch(/^i-/);
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const orphan = row.drillInstanceId!;
      expect(await isInstanceGone(world.cloud, REGION, orphan)).toBe(false);
      // Another worker takes the run over once the dead one's job is given up (pg-boss heartbeat), or the sweeper
      // queues it again; it resumes from the recorded steps and deletes the instance.
      await world.restartWorker();
      const [ended] = await untilRunsEnd(plan.id, 120_000);
      expect(ended!.drillInstanceId).toBe(orphan);
      expect(["passed", "failed"]).toContain(ended!.status);
      await expectNoDrillInstanceLeft([ended!]);
      const restores = (await world.cloud.hbr(REGION).describeRestoreJobs2({ restoreType: "UDM_ECS", pageSize: 99 })).restoreJobs.restoreJob;
      expect(restores.filter((j) => (j.udmDetail ?? "").includes(`hbr-drill-${runId}`))).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 240_000);

  it("a run resumed after its worker died between CreateRestoreJob and recording it finds the restore by its marker instead of starting a second", async () => {
    const plan = await backedUpPlan(demo.sgCentos75, "drill-resume");
    await world.worker.stop();
    try {
      const { runs } = await requestDrill(deps(), plan.id, drillRequestSchema.parse({}), { id: world.admin.id });
      const runId = runs[0]!.id;
      await runDrillUntil({ db: getDb(), cloud: world.cloud }, runId, "createRestoreJob");
      const made = await getDb().drillRun.findUniqueOrThrow({ where: { id: runId } });
      expect(made.restoreJobId).toBeTruthy();
      // The answer never reached the database: the row does not know the restore job.
      await getDb().drillRun.update({ where: { id: runId }, data: { restoreJobId: null } });
      expect(await runDrill({ db: getDb(), cloud: world.cloud, timing: { pollMs: 200 } }, runId)).toBe("passed");
      const after = await getDb().drillRun.findUniqueOrThrow({ where: { id: runId } });
      expect(after.restoreJobId).toBe(made.restoreJobId);
      const jobs = (await world.cloud.hbr(REGION).describeRestoreJobs2({ restoreType: "UDM_ECS", pageSize: 99 })).restoreJobs.restoreJob;
      expect(jobs.filter((j) => (j.udmDetail ?? "").includes(`hbr-drill-${runId}`))).toHaveLength(1);
      expect(await runDrill({ db: getDb(), cloud: world.cloud }, runId)).toBe("skipped");
      await expectNoDrillInstanceLeft(await toDrillRuns(getDb(), [after]));
    } finally {
      await world.restartWorker();
    }
  }, 180_000);

  it("the schedule starts one run per plan and due time, however many workers look at once", async () => {
    const plan = await backedUpPlan(demo.sgMysql, "drill-schedule");
    await updateDrillSettings(getDb(), plan.id, { schedule: { kind: "weekly", day: "mon", time: "03:00" }, probe: { kind: "agent" } }, { id: world.admin.id });
    const due = new Date(Date.now() - 60_000);
    await getDb().planDrill.update({ where: { planId: plan.id }, data: { nextDueAt: due } });
    const started = await Promise.all([startDueDrills(deps()), startDueDrills(deps()), startDueDrills(deps())]);
    expect(started.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await startDueDrills(deps())).toBe(0);
    const rows = await getDb().drillRun.findMany({ where: { planId: plan.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ trigger: "schedule", scheduledFor: due });
    const next = (await getDb().planDrill.findUniqueOrThrow({ where: { planId: plan.id } })).nextDueAt!;
    expect(next.getUTCDay()).toBe(1);
    expect(next.toISOString().slice(11, 16)).toBe("03:00");
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const runs = await untilRunsEnd(plan.id);
    expect(runs[0]!.status).toBe("passed");
    await expectNoDrillInstanceLeft(runs);
  }, 180_000);
});
