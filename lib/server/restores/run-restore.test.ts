import { describe, expect, it } from "vitest";
import { createRestoreSchema, type CreateRestoreInput } from "@/lib/schemas/restore";
import { getDb } from "@/lib/server/db/client";
import { describeEcsInstance } from "@/lib/server/restores/ecs-instance";
import { cancelRestore, createRestore, retryRestore } from "@/lib/server/restores/request-restore";
import { restoreMarker } from "@/lib/server/restores/run-restore";
import { setUpPlanWorld } from "@/lib/server/testing/plan-world";
import { backupPointOf, guestShell, isRestoreOver, untilRestore } from "@/lib/server/testing/restore-world";

// A restore of each kind end to end: the API saves it, the live worker carries it out against the emulator, and
// ECS shows the result (a new instance in the chosen vSwitch, a rolled-back instance with its old guest files).

const world = setUpPlanWorld();
const deps = () => ({ db: getDb(), boss: world.boss, cloud: world.cloud });
const actor = () => ({ id: world.admin.id, name: "Test admin" });
const SG = "ap-southeast-1";
const HK = "cn-hongkong";
const clean = () => world.kit.admin("faults", "DELETE");

const hbrRestoreJobs = async (regionId: string, instanceId: string) =>
  (await world.cloud.hbr(regionId).describeRestoreJobs2({ pageSize: 99, filters: [{ key: "InstanceId", values: [instanceId] }] })).restoreJobs.restoreJob;

const newInstanceInput = (backupJobId: string, restoreRegionId: string, zone: "a" | "b", name: string) =>
  createRestoreSchema.parse({
    kind: "newInstance",
    backupJobId,
    restoreRegionId,
    zoneId: `${restoreRegionId}-${zone}`,
    instanceType: "ecs.g7.large",
    vSwitchId: `vsw-${restoreRegionId.replace(/[^a-z0-9]/g, "")}${zone}demo`,
    securityGroupId: `sg-${restoreRegionId.replace(/[^a-z0-9]/g, "")}demo`,
    instanceName: name,
    hostName: "restored",
  } satisfies CreateRestoreInput);

describe("a restore, end to end through the worker", { timeout: 60_000 }, () => {
  it("new instance: appears in ECS in the chosen zone and vSwitch, Running, made by exactly one HBR restore job", async () => {
    await clean();
    const source = "i-t4ndemo000000005";
    const bj = await backupPointOf(world, SG, source);
    const name = `restored-web-${Date.now()}`;
    const created = await createRestore(deps(), newInstanceInput(bj.id, SG, "b", name), actor());
    expect(created.status).toBe("pending");
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect(done.steps.map((s) => s.status)).toEqual(["skipped", "skipped", "done", "done", "done"]);
    const instance = await describeEcsInstance(world.cloud, SG, done.resultInstanceId!);
    expect(instance).toMatchObject({ instanceName: name, zoneId: `${SG}-b`, vSwitchId: "vsw-apsoutheast1bdemo", status: "Running" });
    const seconds = (Date.parse(done.finishedAt!) - Date.parse(done.createdAt)) / 1000;
    console.log(`restore: OK to restored instance Running in ${seconds.toFixed(1)} s (emulator time scale ${world.kit.emulator.emulator.clock.timeScale}: ${(seconds * world.kit.emulator.emulator.clock.timeScale).toFixed(0)} s of simulated cloud time, 40 GiB system + 200 GiB data disk)`);
    const jobs = (await hbrRestoreJobs(SG, source)).filter((j) => j.restoreType === "UDM_ECS");
    expect(jobs.map((j) => j.restoreId)).toEqual([done.cloudRestoreJobId]);
  });

  it("new instance from a cross-region replica: restored in the replica's region", async () => {
    await clean();
    const source = "i-t4ndemo000000006";
    const bj = await backupPointOf(world, SG, source, { replicateTo: HK });
    const name = `restored-dr-${Date.now()}`;
    const created = await createRestore(deps(), newInstanceInput(bj.id, HK, "b", name), actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.restoreRegionId).toBe(HK);
    const instance = await describeEcsInstance(world.cloud, HK, done.resultInstanceId!);
    expect(instance).toMatchObject({ instanceName: name, zoneId: `${HK}-b`, vSwitchId: "vsw-cnhongkongbdemo" });
  });

  it("rollback: backs up first, stops the instance, and brings back the old /data/marker; the instance runs again", async () => {
    await clean();
    const source = "i-t4ndemo000000007";
    await guestShell(world.cloud, SG, source, "echo before-backup > /data/marker");
    const bj = await backupPointOf(world, SG, source);
    await guestShell(world.cloud, SG, source, "echo after-backup > /data/marker");
    expect((await guestShell(world.cloud, SG, source, "cat /data/marker")).trim()).toBe("after-backup");
    const name = (await describeEcsInstance(world.cloud, SG, source))!.instanceName;
    const created = await createRestore(deps(), createRestoreSchema.parse({ kind: "rollback", backupJobId: bj.id, restoreRegionId: SG, confirmInstanceName: name }), actor());
    expect(created.steps.map((s) => s.status)).toEqual(["pending", "pending", "pending", "pending", "pending"]);
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.resultInstanceId).toBe(source);
    // Back up first: one backup job named for the restore, recorded on the plan.
    const named = (await world.cloud.hbr(SG).describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [source] }] })).backupJobs.backupJob.filter(
      (j) => j.jobName === restoreMarker(created.id),
    );
    expect(named.map((j) => j.jobId)).toEqual([done.backUpFirstJobId]);
    expect(await getDb().backupJob.count({ where: { cloudJobId: done.backUpFirstJobId!, planId: bj.planId } })).toBe(1);
    expect((await describeEcsInstance(world.cloud, SG, source))!.status).toBe("Running");
    expect((await guestShell(world.cloud, SG, source, "cat /data/marker")).trim()).toBe("before-backup");
  });

  it("disks to another instance: the restore lands on the chosen instance", async () => {
    await clean();
    const source = "i-t4ndemo000000008";
    const target = "i-t4ndemo000000010";
    const bj = await backupPointOf(world, SG, source);
    const created = await createRestore(deps(), createRestoreSchema.parse({ kind: "disks", backupJobId: bj.id, restoreRegionId: SG, targetInstanceId: target }), actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.resultInstanceId).toBe(target);
    const [job] = (await hbrRestoreJobs(SG, target)).filter((j) => j.restoreId === done.cloudRestoreJobId);
    expect(job).toMatchObject({ restoreType: "UDM_ECS_DISK", status: "COMPLETE", targetInstanceId: target });
  });

  it("disks rolled back in place: the Running instance is stopped, its data disk gets the old /data/marker back, and it runs again", async () => {
    await clean();
    const source = "i-t4ndemo000000001";
    await guestShell(world.cloud, SG, source, "echo disk-before > /data/marker");
    const bj = await backupPointOf(world, SG, source);
    await guestShell(world.cloud, SG, source, "echo disk-after > /data/marker");
    const created = await createRestore(deps(), createRestoreSchema.parse({ kind: "disks", backupJobId: bj.id, restoreRegionId: SG, targetInstanceId: source }), actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.steps.find((s) => s.name === "stopInstance")).toMatchObject({ status: "done", detail: `${source} stopped` });
    const [job] = (await hbrRestoreJobs(SG, source)).filter((j) => j.restoreId === done.cloudRestoreJobId);
    expect(job).toMatchObject({ restoreType: "UDM_ECS_DISK_ROLLBACK", status: "COMPLETE" });
    expect((await describeEcsInstance(world.cloud, SG, source))!.status).toBe("Running");
    expect((await guestShell(world.cloud, SG, source, "cat /data/marker")).trim()).toBe("disk-before");
  });

  it("a permanent cloud error fails the restore with the cloud's code and RequestId; Retry resumes and finishes it", async () => {
    await clean();
    const source = "i-t4ndemo000000011";
    const bj = await backupPointOf(world, SG, source);
    await world.kit.admin("faults", "POST", { action: "CreateRestoreJob", kind: "error", status: 400, code: "OperationDenied.QuotaExceed", rate: 1, count: 1 });
    const created = await createRestore(deps(), newInstanceInput(bj.id, SG, "a", `restored-retry-${Date.now()}`), actor());
    const failed = await untilRestore(world, created.id, isRestoreOver);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatchObject({ code: "OperationDenied.QuotaExceed", requestId: expect.stringMatching(/.+/) });
    expect(failed.steps.find((s) => s.name === "createRestoreJob")!.status).toBe("failed");
    await expect(retryRestore(deps(), created.id, actor())).resolves.toMatchObject({ status: "pending" });
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.lastError).toBeNull();
    expect((await hbrRestoreJobs(SG, source)).filter((j) => j.restoreType === "UDM_ECS")).toHaveLength(1);
    // Only a failed restore can be retried.
    await expect(retryRestore(deps(), created.id, actor())).rejects.toMatchObject({ status: 409 });
    expect(await getDb().auditEvent.count({ where: { action: "restore.retry", targetId: created.id } })).toBe(1);
  });

  it("throttling that outlasts the client's retries: the run is retried later and the restore still finishes, with one HBR job", async () => {
    await clean();
    const source = "i-t4ndemo000000014";
    const bj = await backupPointOf(world, SG, source);
    await world.kit.admin("faults", "POST", { action: "DescribeRestoreJobs2", kind: "throttle", rate: 1, count: 12 });
    const created = await createRestore(deps(), newInstanceInput(bj.id, SG, "a", `restored-throttled-${Date.now()}`), actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.lastError).toBeNull();
    expect((await world.kit.admin<{ faults: { hits: number }[] }>("faults")).faults[0]!.hits).toBe(12);
    expect((await hbrRestoreJobs(SG, source)).filter((j) => j.restoreType === "UDM_ECS").map((j) => j.restoreId)).toEqual([done.cloudRestoreJobId]);
  });

  it("cancel: HBR's restore job is cancelled and the restore ends Cancelled", async () => {
    await clean();
    const source = "i-t4ndemo000000013";
    const bj = await backupPointOf(world, SG, source);
    const created = await createRestore(deps(), newInstanceInput(bj.id, SG, "a", `restored-cancel-${Date.now()}`), actor());
    const started = await untilRestore(world, created.id, (r) => r.cloudRestoreJobId !== null || isRestoreOver(r));
    expect(started.status).toBe("running");
    await cancelRestore(deps(), created.id, actor());
    const done = await untilRestore(world, created.id, isRestoreOver);
    expect(done.status).toBe("canceled");
    const [job] = (await hbrRestoreJobs(SG, source)).filter((j) => j.restoreId === done.cloudRestoreJobId);
    expect(job?.status).toBe("CANCELED");
    expect(await getDb().auditEvent.count({ where: { action: "restore.cancel", targetId: created.id } })).toBe(1);
  });
});
