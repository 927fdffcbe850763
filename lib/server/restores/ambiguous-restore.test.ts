import { describe, expect, it } from "vitest";
import { createRestoreSchema } from "@/lib/schemas/restore";
import { getDb } from "@/lib/server/db/client";
import { describeEcsInstance, findEcsInstancesByName } from "@/lib/server/restores/ecs-instance";
import { createRestore } from "@/lib/server/restores/request-restore";
import { isOwnRestoreJob, restoreMarker } from "@/lib/server/restores/run-restore";
import { setUpPlanWorld } from "@/lib/server/testing/plan-world";
import { backupPointOf, isRestoreOver, untilRestore } from "@/lib/server/testing/restore-world";

// HBR has no ClientToken on CreateRestoreJob. A create answered after the worker's timeout may still have been
// made: the worker must find that job by what it asked for instead of sending the create again, so HBR ends with
// exactly one restore job (and one Back up first backup job) per restore, also when the worker dies mid-restore.

const TIMEOUT_MS = 1500;
const world = setUpPlanWorld({ cloudTimeoutMs: TIMEOUT_MS });
const deps = () => ({ db: getDb(), boss: world.boss, cloud: world.cloud });
const actor = () => ({ id: world.admin.id, name: "Test admin" });
const SG = "ap-southeast-1";
const slow = (action: string) => world.kit.admin("faults", "POST", { action, kind: "latency", latencyMs: TIMEOUT_MS + 2500, rate: 1, count: 1 });
const faultHits = async () => (await world.kit.admin<{ faults: { hits: number }[] }>("faults")).faults.reduce((n, f) => n + f.hits, 0);
const restoreJobsOf = async (instanceId: string) =>
  (await world.cloud.hbr(SG).describeRestoreJobs2({ pageSize: 99, filters: [{ key: "InstanceId", values: [instanceId] }] })).restoreJobs.restoreJob;

const newInstance = (backupJobId: string, name: string) =>
  createRestoreSchema.parse({
    kind: "newInstance",
    backupJobId,
    restoreRegionId: SG,
    zoneId: `${SG}-a`,
    instanceType: "ecs.c7.large",
    vSwitchId: "vsw-apsoutheast1ademo",
    securityGroupId: "sg-apsoutheast1demo",
    instanceName: name,
    hostName: "restored",
  });

describe("a restore whose create times out is looked up, never sent again blind", { timeout: 60_000 }, () => {
  it("CreateRestoreJob answered after the timeout: one HBR restore job, one new instance", async () => {
    await world.kit.admin("faults", "DELETE");
    const source = "i-t4ndemo000000001";
    const bj = await backupPointOf(world, SG, source);
    await slow("CreateRestoreJob");
    const name = `slow-restore-${Date.now()}`;
    const created = await createRestore(deps(), newInstance(bj.id, name), actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(await faultHits()).toBe(1);
    expect(done.steps.find((s) => s.name === "createRestoreJob")!.detail).toMatch(/found by its look-up/);
    const jobs = (await restoreJobsOf(source)).filter((j) => j.restoreType === "UDM_ECS");
    expect(jobs.map((j) => j.restoreId)).toEqual([done.cloudRestoreJobId]);
    const instances = await findEcsInstancesByName(world.cloud, SG, "vsw-apsoutheast1ademo", name);
    expect(instances.map((i) => i.instanceId)).toEqual([done.resultInstanceId]);
  });

  it("Back up first's CreateBackupJob answered after the timeout: one backup job named for the restore", async () => {
    await world.kit.admin("faults", "DELETE");
    const source = "i-t4ndemo000000014";
    const bj = await backupPointOf(world, SG, source);
    await slow("CreateBackupJob");
    const name = (await describeEcsInstance(world.cloud, SG, source))!.instanceName;
    const created = await createRestore(deps(), createRestoreSchema.parse({ kind: "rollback", backupJobId: bj.id, restoreRegionId: SG, confirmInstanceName: name }), actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(await faultHits()).toBe(1);
    const named = (await world.cloud.hbr(SG).describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [source] }] })).backupJobs.backupJob.filter(
      (j) => j.jobName === restoreMarker(created.id),
    );
    expect(named.map((j) => j.jobId)).toEqual([done.backUpFirstJobId]);
    expect((await restoreJobsOf(source)).filter((j) => j.restoreType === "UDM_ECS_ROLLBACK")).toHaveLength(1);
  });

  it("a worker that dies mid-restore: the next one resumes (the sweep queues it again) and makes nothing twice", async () => {
    await world.kit.admin("faults", "DELETE");
    const source = "i-t4ndemo000000013";
    const bj = await backupPointOf(world, SG, source);
    const created = await createRestore(deps(), newInstance(bj.id, `restart-restore-${Date.now()}`), actor());
    await untilRestore(world, created.id, (r) => r.cloudRestoreJobId !== null || isRestoreOver(r));
    await world.restartWorker();
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect((await restoreJobsOf(source)).filter((j) => j.restoreType === "UDM_ECS").map((j) => j.restoreId)).toEqual([done.cloudRestoreJobId]);
  });

  it("the look-up takes only a job that matches what this restore asked for", () => {
    const want = { snapshotId: "s-1", restoreType: "UDM_ECS" as const, sinceS: 1000, sourceInstanceId: "i-a", detail: { restoredName: "web", restoredNetwork: "vsw-a", instanceType: "ecs.g7.large", securityGroup: "sg-a" } };
    const job = { restoreId: "r-1", status: "RUNNING", snapshotId: "s-1", restoreType: "UDM_ECS", createdTime: 1000, udmDetail: JSON.stringify(want.detail) };
    expect(isOwnRestoreJob(job, want)).toBe(true);
    expect(isOwnRestoreJob({ ...job, snapshotId: "s-2" }, want)).toBe(false);
    expect(isOwnRestoreJob({ ...job, createdTime: 999 }, want)).toBe(false);
    expect(isOwnRestoreJob({ ...job, restoreType: "UDM_ECS_DISK" }, want)).toBe(false);
    expect(isOwnRestoreJob({ ...job, udmDetail: JSON.stringify({ ...want.detail, restoredName: "web-2" }) }, want)).toBe(false);
    expect(isOwnRestoreJob({ ...job, udmDetail: JSON.stringify({ ...want.detail, restoredNetwork: "vsw-b" }) }, want)).toBe(false);
    const rollback = { ...want, restoreType: "UDM_ECS_ROLLBACK" as const, detail: { sourceInstanceId: "i-a" } };
    expect(isOwnRestoreJob({ ...job, restoreType: "UDM_ECS_ROLLBACK", sourceInstanceId: "i-a" }, rollback)).toBe(true);
    expect(isOwnRestoreJob({ ...job, restoreType: "UDM_ECS_ROLLBACK", sourceInstanceId: "i-b" }, rollback)).toBe(false);
  });
});
