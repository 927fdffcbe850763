import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput, type CreatePlanInput, type PlanDetail } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { instanceMarker, planMarker } from "@/lib/server/cloud/hbr/markers";
import { requestPlanAction } from "@/lib/server/plans/request-plan-action";
import { runPlanAction } from "@/lib/server/plans/run-plan-action";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";
import { syncRegion } from "@/lib/server/sync/sync-region";

// A create that times out may still have been made by the cloud. The emulator's latency fault runs the action
// at once and holds its answer back longer than the worker's CLOUD_TIMEOUT_MS: the worker must find the
// resource by its marker instead of sending the create again, so HBR ends with exactly one of each.

const TIMEOUT_MS = 1500;
const world = setUpPlanWorld({ cloudTimeoutMs: TIMEOUT_MS });
const slow = (action: string) => world.kit.admin("faults", "POST", { action, kind: "latency", latencyMs: TIMEOUT_MS + 2500, rate: 1, count: 1 });
const faultHits = async () => (await world.kit.admin<{ faults: { hits: number }[] }>("faults")).faults.reduce((n, f) => n + f.hits, 0);
const deps = () => ({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) });
let counter = 0;
function plan(regionId: string, patch: (p: CreatePlanInput) => void) {
  const input = defaultPlanInput(regionId);
  input.name = `slow-plan-${Date.now()}-${++counter}`;
  patch(input);
  return createPlanSchema.parse(input);
}
const future = () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const newPolicy = (name: string) => ({ mode: "auto" as const, schedule: { kind: "newPolicy" as const, policyName: name, startTime: future(), interval: { value: 1, unit: "days" as const }, retention: { value: 7, unit: "days" as const } } });

async function activePlan(input: ReturnType<typeof plan>): Promise<PlanDetail> {
  const { plan: saved } = await createPlan(deps(), input, { id: world.admin.id });
  return untilPlan(saved.id, (p) => p.status === "active", 40_000);
}
const lastAction = (p: PlanDetail) => p.actions[0];
const isActionOver = (p: PlanDetail) => lastAction(p)?.status === "done" || lastAction(p)?.status === "failed";

describe("a create that times out is looked up, never sent again blind", () => {
  it("new policy: CreatePolicyV2 answered after the timeout leaves one policy, the plan's", async () => {
    await world.kit.admin("faults", "DELETE");
    await slow("CreatePolicyV2");
    const active = await activePlan(plan("cn-hongkong", (p) => {
      p.backupObjects.instances = [{ instanceId: "i-j6cdemo000000001", protectAllDisks: true, diskIds: [] }];
      p.backupMode = newPolicy(`slow-${counter}`);
    }));
    expect(await faultHits()).toBe(1);
    expect(active.steps[0]).toMatchObject({ action: "CreatePolicyV2", status: "done" });
    expect(active.steps[0]!.attempts).toBeGreaterThanOrEqual(2);
    const policies = await world.cloud.hbr("cn-hongkong").describePoliciesV2({ maxResults: 100 });
    const ours = policies.policies.filter((p) => p.policyDescription === planMarker(active.id));
    expect(ours.map((p) => p.policyId)).toEqual([active.policyId]);
    const bindings = await world.cloud.hbr("cn-hongkong").describePolicyBindings({ policyId: active.policyId!, maxResults: 100 });
    expect(bindings.policyBindings.map((b) => b.dataSourceId)).toEqual(["i-j6cdemo000000001"]);
  });

  it("binding to an existing policy: CreatePolicyBindings answered after the timeout binds each instance once", async () => {
    await world.kit.admin("faults", "DELETE");
    const hbr = world.cloud.hbr("cn-hongkong");
    const policy = await hbr.createPolicyV2({ policyName: `shared-${Date.now()}`, policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] });
    await slow("CreatePolicyBindings");
    const ids = ["i-j6cdemo000000002", "i-j6cdemo000000003"];
    const active = await activePlan(plan("cn-hongkong", (p) => {
      p.backupObjects.instances = ids.map((instanceId) => ({ instanceId, protectAllDisks: true, diskIds: [] }));
      p.backupMode = { mode: "auto", schedule: { kind: "existingPolicy", policyId: policy.policyId } };
    }));
    expect(await faultHits()).toBe(1);
    expect(active.steps[0]!.attempts).toBeGreaterThanOrEqual(2);
    const bindings = await hbr.describePolicyBindings({ policyId: policy.policyId, maxResults: 100 });
    expect(bindings.policyBindings.map((b) => b.dataSourceId).sort()).toEqual(ids);
  });

  it("legacy backup plan: CreateBackupPlan answered after the timeout leaves one backup plan per instance", async () => {
    await world.kit.admin("faults", "DELETE");
    await slow("CreateBackupPlan");
    const instanceId = "i-uf6demo000000002";
    const active = await activePlan(plan("cn-shanghai", (p) => {
      p.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
      p.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: future(), interval: { value: 6, unit: "hours" }, retention: { value: 7, unit: "days" } } };
    }));
    expect(await faultHits()).toBe(1);
    expect(active.steps[0]!.attempts).toBeGreaterThanOrEqual(2);
    const plans = await world.cloud.hbr("cn-shanghai").describeBackupPlans({ sourceType: "UDM_ECS", pageSize: 99 });
    const ours = plans.backupPlans.backupPlan.filter((p) => p.planName === instanceMarker(active.id, instanceId));
    expect(ours.map((p) => p.planId)).toEqual([active.steps[0]!.cloudId]);
  });

  it("Manual Backup: CreateBackupJob answered after the timeout leaves one job", async () => {
    await world.kit.admin("faults", "DELETE");
    await slow("CreateBackupJob");
    const instanceId = "i-t4ndemo000000003";
    const active = await activePlan(plan("ap-southeast-1", (p) => {
      p.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
    }));
    expect(await faultHits()).toBe(1);
    expect(active.steps[0]!.attempts).toBeGreaterThanOrEqual(2);
    const jobs = await world.cloud.hbr("ap-southeast-1").describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [instanceId] }] });
    expect(jobs.backupJobs.backupJob.map((j) => j.jobId)).toEqual([active.steps[0]!.cloudId]);
  });

  it("Run backup now: ExecutePolicyV2 answered after the timeout starts one backup, recorded on the action", async () => {
    await world.kit.admin("faults", "DELETE");
    const instanceId = "i-j6cdemo000000004";
    const active = await activePlan(plan("cn-hongkong", (p) => {
      p.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
      p.backupMode = newPolicy(`slow-run-${counter}`);
    }));
    await slow("ExecutePolicyV2");
    await requestPlanAction({ db: getDb(), boss: world.boss }, active.id, "runNow", { id: world.admin.id });
    const ran = await untilPlan(active.id, isActionOver, 40_000);
    expect(await faultHits()).toBe(1);
    expect(lastAction(ran)).toMatchObject({ status: "done", done: 1, total: 1 });
    const jobs = await world.cloud.hbr("cn-hongkong").describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [instanceId] }] });
    expect(jobs.backupJobs.backupJob.map((j) => j.jobId)).toEqual(lastAction(ran)!.jobIds);
  });
});

describe("a policy's jobs are known by their instance and time, not by PlanId", () => {
  it("Run backup now finds an earlier attempt's job that carries no PlanId instead of starting another", async () => {
    await world.kit.admin("faults", "DELETE");
    const instanceId = "i-j6cdemo000000009";
    const hbr = world.cloud.hbr("cn-hongkong");
    const active = await activePlan(plan("cn-hongkong", (p) => {
      p.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
      p.backupMode = newPolicy(`no-planid-${counter}`);
    }));
    await world.worker.boss.offWork("plan.action");
    try {
      const action = await requestPlanAction({ db: getDb(), boss: world.boss }, active.id, "runNow", { id: world.admin.id });
      await getDb().planAction.update({ where: { id: action.id }, data: { status: "running", startedAt: new Date(Date.now() - 1000) } });
      // The earlier attempt's backup, as HBR may report it: no PlanId (CreateBackupJob carries none).
      const earlier = await hbr.createBackupJob({ sourceType: "UDM_ECS", instanceId, backupType: "COMPLETE", retention: 7 });
      const listed = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "JobId", values: [earlier.jobId] }] });
      expect(listed.backupJobs.backupJob[0]!.planId || undefined).toBeUndefined();

      expect(await runPlanAction({ db: getDb(), cloud: world.cloud }, action.id)).toBe("done");
      const done = await getDb().planAction.findUniqueOrThrow({ where: { id: action.id } });
      expect(done.jobIds).toEqual([earlier.jobId]);
      const jobs = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [instanceId] }] });
      expect(jobs.backupJobs.backupJob.map((j) => j.jobId)).toEqual([earlier.jobId]);
    } finally {
      await world.restartWorker();
    }
  });

  it("region sync gives a bound instance's job without PlanId to its policy plan, but not a job the console named for another plan", async () => {
    await world.kit.admin("faults", "DELETE");
    const instanceId = "i-j6cdemo000000011";
    const hbr = world.cloud.hbr("cn-hongkong");
    const active = await activePlan(plan("cn-hongkong", (p) => {
      p.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
      p.backupMode = newPolicy(`sync-${counter}`);
    }));
    const scheduled = await hbr.createBackupJob({ sourceType: "UDM_ECS", instanceId, backupType: "COMPLETE", retention: 7 });
    const otherPlans = await hbr.createBackupJob({ sourceType: "UDM_ECS", instanceId, backupType: "COMPLETE", retention: 7, jobName: instanceMarker("plan_someothermanualplan", instanceId) });

    await syncRegion({ db: getDb(), cloud: world.cloud }, "cn-hongkong");
    const recorded = await getDb().backupJob.findMany({ where: { cloudJobId: { in: [scheduled.jobId, otherPlans.jobId] } }, select: { cloudJobId: true, planId: true } });
    expect(recorded).toEqual([{ cloudJobId: scheduled.jobId, planId: active.id }]);
  });
});
