import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput, type CreatePlanInput, type PlanDetail } from "@/lib/schemas/plan";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { parseEnv } from "@/lib/server/env";
import { demo } from "@/lib/server/testing/inventory-test-kit";
import { createPlan } from "@/lib/server/plans/create-plan";
import { requestPlanDeletion } from "@/lib/server/plans/delete-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { planMarker } from "@/lib/server/cloud/hbr/markers";
import { retryPlan } from "@/lib/server/plans/retry-plan";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

const world = setUpPlanWorld();
const deps = () => ({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) });
let counter = 0;
function plan(regionId: string, patch: (p: CreatePlanInput) => void): ReturnType<typeof createPlanSchema.parse> {
  const input = defaultPlanInput(regionId);
  input.name = `test-plan-${Date.now()}-${++counter}`;
  patch(input);
  return createPlanSchema.parse(input);
}
const future = () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const until = (planId: string, done: (p: PlanDetail) => boolean) => untilPlan(planId, done, 20_000);

describe("protection plans end to end (database, queue, worker, emulator)", () => {
  it("Manual Backup with Application Consistent Backup on a Linux instance: one job, application consistent", async () => {
    const input = plan("ap-southeast-1", (p) => {
      p.backupObjects.instances = [{ instanceId: demo.sgMysql, protectAllDisks: true, diskIds: [] }];
      p.appConsistency.enabled = true;
    });
    const { plan: saved, created } = await createPlan(deps(), input, { id: world.admin.id });
    expect(created).toBe(true);
    expect(saved.status).toBe("pending");
    expect(saved.steps.map((s) => s.action)).toEqual(["CreateBackupJob"]);

    const done = await until(saved.id, (p) => p.status === "active" && p.jobs.some((j) => j.consistencyLevel !== null));
    expect(done.steps[0]).toMatchObject({ status: "done", attempts: 1 });
    expect(done.jobs).toHaveLength(1);
    expect(done.jobs[0]).toMatchObject({ status: "COMPLETE", progress: 10000, consistencyLevel: "APPLICATION", downgradeReason: null });

    // The cloud agrees: the job's snapshot carries APPConsistent=True.
    const snaps = await world.cloud.ecs("ap-southeast-1").describeSnapshots(
      new (await import("@/lib/server/cloud/clients")).$Ecs.DescribeSnapshotsRequest({ regionId: "ap-southeast-1", instanceId: demo.sgMysql }),
    );
    const tags = snaps.body?.snapshots?.snapshot?.flatMap((s) => s.tags?.tag ?? []) ?? [];
    expect(tags).toContainEqual(expect.objectContaining({ tagKey: "APPConsistent", tagValue: "True" }));
  });

  it("Auto Backup with a new policy in a policy region: policy with replication rule, instances bound with their UdmDetail", async () => {
    const input = plan("cn-hongkong", (p) => {
      p.backupObjects.instances = [
        { instanceId: "i-j6cdemo000000001", protectAllDisks: true, diskIds: [] },
        { instanceId: "i-j6cdemo000000003", protectAllDisks: false, diskIds: ["d-j6cdemo000000003d"] },
      ];
      p.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `policy-${counter}`, startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 2, unit: "weeks" } } };
      p.replication = { enabled: true, destinationRegionId: "ap-southeast-1", retention: { value: 1, unit: "months" } };
    });
    const { plan: saved } = await createPlan(deps(), input, { id: world.admin.id });
    const done = await until(saved.id, (p) => p.status === "active");
    expect(done.policyId).toMatch(/^po-/);

    const policies = await world.cloud.hbr("cn-hongkong").describePoliciesV2({ policyId: done.policyId! });
    const rules = policies.policies[0]!.rules;
    expect(rules.find((r) => r.ruleType === "BACKUP")).toMatchObject({ retention: 14 });
    expect(rules.find((r) => r.ruleType === "BACKUP")!.schedule).toMatch(/^I\|\d+\|P1D$/);
    expect(rules.find((r) => r.ruleType === "REPLICATION")).toMatchObject({ replicationRegionId: "ap-southeast-1", retention: 30 });

    const bindings = await world.cloud.hbr("cn-hongkong").describePolicyBindings({ policyId: done.policyId!, maxResults: 100 });
    expect(bindings.policyBindings.map((b) => b.dataSourceId).sort()).toEqual(["i-j6cdemo000000001", "i-j6cdemo000000003"]);
    const subset = bindings.policyBindings.find((b) => b.dataSourceId === "i-j6cdemo000000003")!;
    expect(subset.advancedOptions?.udmDetail?.diskIdList).toEqual(["d-j6cdemo000000003d"]);
  });

  it("Auto Backup in a region without policies: one HBR backup plan per instance with the schedule", async () => {
    const start = future();
    const input = plan("cn-shanghai", (p) => {
      p.backupObjects.instances = [
        { instanceId: "i-uf6demo000000001", protectAllDisks: true, diskIds: [] },
        { instanceId: "i-uf6demo000000002", protectAllDisks: true, diskIds: [] },
      ];
      p.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: start, interval: { value: 6, unit: "hours" }, retention: { value: 1, unit: "years" } } };
    });
    const { plan: saved } = await createPlan(deps(), input, { id: world.admin.id });
    const done = await until(saved.id, (p) => p.status === "active");
    expect(done.steps.map((s) => s.action)).toEqual(["CreateBackupPlan", "CreateBackupPlan"]);
    const plans = await world.cloud.hbr("cn-shanghai").describeBackupPlans({ sourceType: "UDM_ECS", pageSize: 99 });
    const ours = plans.backupPlans.backupPlan.filter((p) => done.steps.some((s) => s.cloudId === p.planId));
    expect(ours).toHaveLength(2);
    expect(ours[0]).toMatchObject({ retention: 365, schedule: `I|${Date.parse(start) / 1000}|PT6H` });
  });

  it("the same Idempotency-Key and body give the same plan; another body with that key is refused", async () => {
    const input = plan("ap-southeast-1", (p) => {
      p.backupObjects.instances = [{ instanceId: demo.sgWin2019, protectAllDisks: true, diskIds: [] }];
    });
    const key = `key-${Date.now()}-idem`;
    const [a, b] = await Promise.all([createPlan(deps(), input, { id: world.admin.id }, key), createPlan(deps(), input, { id: world.admin.id }, key)]);
    expect(a.plan.id).toBe(b.plan.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await getDb().plan.count({ where: { idempotencyKey: key } })).toBe(1);
    await expect(createPlan(deps(), { ...input, name: `${input.name}-other` }, { id: world.admin.id }, key)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses what does not fit the region's live state, with field errors", async () => {
    const err = await createPlan(
      deps(),
      plan("cn-shanghai", (p) => {
        p.backupObjects.instances = [
          { instanceId: "i-doesnotexist0001", protectAllDisks: true, diskIds: [] },
          { instanceId: "i-uf6demo000000003", protectAllDisks: false, diskIds: ["d-t4ndemo000000001s"] },
        ];
        p.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: "x", startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
      }),
      { id: world.admin.id },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION_FAILED" });
    const fields = (err as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(fields).sort()).toEqual(["backupMode.schedule.kind", "backupObjects.instances.0.instanceId", "backupObjects.instances.1.diskIds"]);
    expect(await getDb().plan.count({ where: { regionId: "cn-shanghai", name: { startsWith: "x" } } })).toBe(0);
  });

  it("probes only the plan's own region: another region's failing probe does not block it; its own answers 503", async () => {
    // Fresh clients: nothing cached about policy support, no retries.
    const cloud = createCloudClients(parseEnv({ ...process.env, EMULATOR_PORT: String(world.kit.emulator.port), CLOUD_MAX_ATTEMPTS: "1" }));
    const inventory = cloudPlanInventory(cloud);
    await world.kit.admin("faults", "POST", { action: "DescribePoliciesV2", rate: 1, kind: "error", status: 403, code: "ServiceNotActivated", regionId: "cn-hangzhou" });
    try {
      const elsewhere = plan("ap-southeast-1", (p) => (p.backupObjects.instances = [{ instanceId: demo.sgWin2019, protectAllDisks: true, diskIds: [] }]));
      const { created } = await createPlan({ ...deps(), inventory }, elsewhere, { id: world.admin.id });
      expect(created).toBe(true);
      const here = plan("cn-hangzhou", (p) => (p.backupObjects.instances = [{ instanceId: "i-bp1demo000000001", protectAllDisks: true, diskIds: [] }]));
      const err = await createPlan({ ...deps(), inventory }, here, { id: world.admin.id }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "UNAVAILABLE", status: 503, message: expect.stringMatching(/China \(Hangzhou\).*Try again/) });
      expect(await getDb().plan.count({ where: { name: here.name } })).toBe(0);
    } finally {
      await world.kit.admin("faults", "DELETE");
    }
  });

  it("a create that went through before the worker recorded it is found, not repeated", async () => {
    const input = plan("cn-hangzhou", (p) => {
      p.backupObjects.instances = [{ instanceId: "i-bp1demo000000001", protectAllDisks: true, diskIds: [] }];
      p.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `crashy-${counter}`, startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    });
    // Pause the worker's view: save the plan without letting it run, then create its policy "by a crashed attempt".
    await world.worker.boss.offWork("plan.provision");
    const { plan: saved } = await createPlan(deps(), input, { id: world.admin.id });
    await world.cloud.hbr("cn-hangzhou").createPolicyV2({ policyName: `crashy-${counter}`, policyDescription: planMarker(saved.id), policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] });
    await getDb().cloudStep.updateMany({ where: { planId: saved.id, seq: 1 }, data: { status: "running", attempts: 1 } });
    await world.restartWorker();

    const done = await until(saved.id, (p) => p.status === "active");
    const all = await world.cloud.hbr("cn-hangzhou").describePoliciesV2({ maxResults: 100 });
    expect(all.policies.filter((p) => p.policyDescription === planMarker(saved.id))).toHaveLength(1);
    expect(done.policyId).toBe(all.policies.find((p) => p.policyDescription === planMarker(saved.id))!.policyId);
  });

  it("a permanent cloud error marks the plan Failed with the cloud's code; Retry resumes from the failed step", async () => {
    // Another policy grabs the instance after the plan was checked: binding it is refused by HBR.
    const instanceId = "i-bp1demo000000005";
    const input = plan("cn-hangzhou", (p) => {
      p.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
      p.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `contended-${counter}`, startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    });
    await world.worker.boss.offWork("plan.provision");
    const { plan: saved } = await createPlan(deps(), input, { id: world.admin.id });
    const other = await world.cloud.hbr("cn-hangzhou").createPolicyV2({ policyName: "someone-else", policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] });
    await world.cloud.hbr("cn-hangzhou").createPolicyBindings({ policyId: other.policyId, policyBindingList: [{ sourceType: "UDM_ECS", dataSourceId: instanceId }] });
    await world.restartWorker();

    const failed = await until(saved.id, (p) => p.status === "failed");
    expect(failed.lastError?.code).toBe("DataSourceAlreadyBound");
    expect(failed.lastError?.requestId).toBeTruthy();
    expect(failed.steps.map((s) => s.status)).toEqual(["done", "failed"]);

    await world.cloud.hbr("cn-hangzhou").deletePolicyBinding({ policyId: other.policyId, sourceType: "UDM_ECS", dataSourceIds: [instanceId] });
    await retryPlan({ db: getDb(), boss: world.boss }, saved.id, { id: world.admin.id });
    const active = await until(saved.id, (p) => p.status === "active");
    expect(active.steps.map((s) => s.status)).toEqual(["done", "done"]);
    const policies = await world.cloud.hbr("cn-hangzhou").describePoliciesV2({ maxResults: 100 });
    expect(policies.policies.filter((p) => p.policyDescription === planMarker(saved.id))).toHaveLength(1);
  });

  it("deleting a plan removes its policy in HBR and then the plan", async () => {
    const input = plan("ap-southeast-1", (p) => {
      p.backupObjects.instances = [{ instanceId: demo.sgCentos75, protectAllDisks: true, diskIds: [] }];
      p.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `doomed-${counter}`, startTime: future(), interval: { value: 1, unit: "weeks" }, retention: { value: 7, unit: "days" } } };
    });
    const { plan: saved } = await createPlan(deps(), input, { id: world.admin.id });
    const active = await until(saved.id, (p) => p.status === "active");
    await requestPlanDeletion({ db: getDb(), boss: world.boss }, saved.id, { id: world.admin.id });
    const deadline = Date.now() + 15_000;
    while ((await getDb().plan.count({ where: { id: saved.id } })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await getDb().plan.count({ where: { id: saved.id } })).toBe(0);
    const gone = await world.cloud.hbr("ap-southeast-1").describePoliciesV2({ maxResults: 100 });
    expect(gone.policies.some((p) => p.policyId === active.policyId)).toBe(false);
    expect(await getDb().auditEvent.count({ where: { targetId: saved.id } })).toBe(3); // create, delete, deleted
  });
});
