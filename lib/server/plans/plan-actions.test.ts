import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput, planListQuerySchema, type CreatePlanInput, type PlanDetail } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { demo } from "@/lib/server/testing/inventory-test-kit";
import { createPlan } from "@/lib/server/plans/create-plan";
import { listPlans } from "@/lib/server/plans/list-plans";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { requestPlanAction, requestPlanActions } from "@/lib/server/plans/request-plan-action";
import { runPlanAction } from "@/lib/server/plans/run-plan-action";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

const world = setUpPlanWorld();
const deps = () => ({ db: getDb(), boss: world.boss });
let counter = 0;
function plan(regionId: string, patch: (p: CreatePlanInput) => void) {
  const input = defaultPlanInput(regionId);
  input.name = `action-plan-${Date.now()}-${++counter}`;
  patch(input);
  return createPlanSchema.parse(input);
}
const future = () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const until = untilPlan;
const lastAction = (p: PlanDetail) => p.actions[0];
const isActionOver = (p: PlanDetail) => lastAction(p)?.status === "done" || lastAction(p)?.status === "failed";

async function activePlan(input: ReturnType<typeof plan>): Promise<PlanDetail> {
  const { plan: saved } = await createPlan({ ...deps(), inventory: cloudPlanInventory(world.cloud) }, input, { id: world.admin.id });
  return until(saved.id, (p) => p.status === "active");
}

describe("plan actions: Pause, Resume, Run backup now (database, queue, worker, emulator)", () => {
  it("a policy plan pauses and resumes its bindings in HBR, and runs a backup now that is followed to its consistency level", async () => {
    const input = plan("ap-southeast-1", (p) => {
      p.backupObjects.instances = [{ instanceId: demo.sgMysql, protectAllDisks: true, diskIds: [] }];
      p.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `pausable-${counter}`, startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
      p.appConsistency.enabled = true;
    });
    const active = await activePlan(input);
    const hbr = world.cloud.hbr("ap-southeast-1");
    const binding = async () => (await hbr.describePolicyBindings({ policyId: active.policyId!, sourceType: "UDM_ECS", dataSourceIds: [demo.sgMysql] })).policyBindings[0]!;

    await requestPlanAction(deps(), active.id, "pause", { id: world.admin.id });
    const paused = await until(active.id, isActionOver);
    expect(lastAction(paused)).toMatchObject({ kind: "pause", status: "done", done: 1, total: 1 });
    expect(paused.paused).toBe(true);
    expect((await binding()).disabled).toBe(true);
    // A paused plan is not counted as breaching its RPO, whatever its due moment.
    await getDb().plan.update({ where: { id: active.id }, data: { rpoDueAt: new Date(Date.now() - 1000) } });
    const breached = await listPlans(getDb(), planListQuerySchema.parse({ rpo: "breached" }));
    expect(breached.plans.map((p) => p.id)).not.toContain(active.id);

    await requestPlanAction(deps(), active.id, "resume", { id: world.admin.id });
    const resumed = await until(active.id, (p) => isActionOver(p) && lastAction(p)!.kind === "resume");
    expect(resumed.paused).toBe(false);
    expect((await binding()).disabled).toBe(false);
    // Resuming restarts the RPO clock: the plan is due no sooner than 1.5 intervals from now.
    expect(Date.parse(resumed.rpoDueAt!)).toBeGreaterThan(Date.now() + 86_400_000);

    await requestPlanAction(deps(), active.id, "runNow", { id: world.admin.id });
    const ran = await until(active.id, (p) => isActionOver(p) && lastAction(p)!.kind === "runNow" && p.jobs.some((j) => j.consistencyLevel !== null));
    const action = lastAction(ran)!;
    expect(action).toMatchObject({ status: "done", done: 1, total: 1 });
    expect(action.jobIds).toHaveLength(1);
    const job = ran.jobs.find((j) => j.jobId === action.jobIds[0])!;
    expect(job).toMatchObject({ status: "COMPLETE", triggerMode: "MANUAL", consistencyLevel: "APPLICATION", tagConsistencyLevel: "APPLICATION" });
    expect(job.hbrSnapshotId).toMatch(/^s-/);
    expect(job.snapshotBytes).toBeGreaterThan(0);
    expect(Date.parse(job.expiresAt!)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(ran.instances[0]).toMatchObject({ lastConsistencyLevel: "APPLICATION" });
    expect(ran.instances[0]!.lastBackupAt).toBe(job.completedAt);
    // The success moved the RPO clock.
    const row = await getDb().plan.findUniqueOrThrow({ where: { id: active.id } });
    expect(row.lastSuccessAt?.toISOString()).toBe(job.completedAt);

    // Running the same action again (a worker that died after the call) finds the job instead of starting another.
    await getDb().planAction.update({ where: { id: action.id }, data: { status: "running" } });
    expect(await runPlanAction({ db: getDb(), cloud: world.cloud }, action.id)).toBe("done");
    const jobs = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [demo.sgMysql] }, { key: "PlanId", values: [active.policyId!] }] });
    expect(jobs.backupJobs.backupJob.filter((j) => j.triggerMode === "MANUAL")).toHaveLength(1);
    expect(await getDb().auditEvent.count({ where: { targetId: active.id, action: { in: ["plan.pause", "plan.resume", "plan.run_now"] } } })).toBe(3);
  });

  it("a legacy plan per instance is disabled and enabled with its backup plan, and runs now through ExecuteBackupPlan", async () => {
    const input = plan("cn-shanghai", (p) => {
      p.backupObjects.instances = [{ instanceId: demo.shOracle, protectAllDisks: true, diskIds: [] }];
      p.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: future(), interval: { value: 6, unit: "hours" }, retention: { value: 7, unit: "days" } } };
    });
    const active = await activePlan(input);
    const hbrPlanId = active.steps[0]!.cloudId!;
    const hbr = world.cloud.hbr("cn-shanghai");
    const disabled = async () => (await hbr.describeBackupPlans({ sourceType: "UDM_ECS", filters: [{ key: "planId", values: [hbrPlanId] }] })).backupPlans.backupPlan[0]!.disabled;

    await requestPlanAction(deps(), active.id, "pause", { id: world.admin.id });
    await until(active.id, (p) => isActionOver(p) && p.paused);
    expect(await disabled()).toBe(true);
    await requestPlanAction(deps(), active.id, "resume", { id: world.admin.id });
    await until(active.id, (p) => isActionOver(p) && !p.paused);
    expect(await disabled()).toBe(false);

    await requestPlanAction(deps(), active.id, "runNow", { id: world.admin.id });
    const ran = await until(active.id, (p) => isActionOver(p) && lastAction(p)!.kind === "runNow");
    expect(lastAction(ran)!.status).toBe("done");
    const jobs = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "PlanId", values: [hbrPlanId] }] });
    expect(jobs.backupJobs.backupJob.map((j) => j.jobId)).toEqual(lastAction(ran)!.jobIds);
  });

  it("refuses what does not apply, one plan at a time and in bulk, and allows one open action per plan", async () => {
    const manual = await activePlan(plan("ap-southeast-1", (p) => (p.backupObjects.instances = [{ instanceId: demo.sgUbuntuNoScripts, protectAllDisks: true, diskIds: [] }])));
    await expect(requestPlanAction(deps(), manual.id, "pause", { id: world.admin.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(requestPlanAction(deps(), manual.id, "resume", { id: world.admin.id })).rejects.toThrow(/no schedule to resume/);
    await expect(requestPlanAction(deps(), "plan_nosuchplan", "runNow", { id: world.admin.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Hold the worker so the first action stays open.
    await world.worker.boss.offWork("plan.action");
    const result = await requestPlanActions(deps(), [manual.id, manual.id.replace(/.$/, "Z"), manual.id], "runNow", { id: world.admin.id }).catch((e: Error) => e);
    // Duplicate ids are the schema's business; the use case still never opens two actions for one plan.
    expect(result).not.toBeInstanceOf(Error);
    const { accepted, rejected } = result as Awaited<ReturnType<typeof requestPlanActions>>;
    expect(accepted).toHaveLength(1);
    expect(rejected.map((r) => r.message)).toEqual([expect.stringMatching(/No such protection plan/), expect.stringMatching(/earlier action/)]);
    expect(await getDb().planAction.count({ where: { planId: manual.id, status: { in: ["pending", "running"] } } })).toBe(1);

    // Manual plans run again with a job per instance named for the action.
    await world.restartWorker();
    const ran = await until(manual.id, (p) => isActionOver(p) && p.jobs.length === 2);
    expect(lastAction(ran)!.status).toBe("done");
    const names = await world.cloud.hbr("ap-southeast-1").describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "JobId", values: lastAction(ran)!.jobIds }] });
    expect(names.backupJobs.backupJob[0]!.jobName).toContain(lastAction(ran)!.id);
  });
});
