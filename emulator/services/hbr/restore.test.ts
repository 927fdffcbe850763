import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEV_ACCOUNT_ID, startEmulator, type RunningEmulator } from "../../server.ts";
import { $Ecs, admin, ecsClient, failure, hbrClient, startTestEmulator, testScenario } from "../../testing/clients.ts";

// Restores sent as the official SDK's client sends them (and the console's HbrClient, checked against it on the wire
// in lib/server/cloud/hbr/hbr-wire.test.ts): CreateRestoreJob's UdmDetail a JSON string in the query,
// TargetInstanceId in the body, DescribeRestoreJobs2's Filters.N.* flattened. ECS side effects are checked with the
// official ECS client and Cloud Assistant RunCommand.

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.stop());

const SG = (n: number) => `i-t4ndemo${String(n).padStart(9, "0")}`;
const SGP = "ap-southeast-1";
const HK = "cn-hongkong";

type RestoreType = "UDM_ECS" | "UDM_ECS_ROLLBACK" | "UDM_ECS_DISK" | "UDM_ECS_DISK_ROLLBACK";
interface CreateRestoreJobRequest {
  sourceType: "UDM_ECS";
  restoreType: RestoreType;
  snapshotId: string;
  udmRegionId: string;
  udmDetail: Record<string, unknown>;
  targetInstanceId?: string;
}
interface HbrFilter {
  key: string;
  values: string[];
  operator?: string;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type HbrRestoreJob = Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const camel = (v: any): any =>
  Array.isArray(v) ? v.map(camel) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k[0]!.toLowerCase() + k.slice(1), camel(x)])) : v;

/** The three restore actions with the official client's query/body split, answers in camelCase. */
function hbrOf(regionId: string) {
  const call = hbrClient(emu, regionId);
  const flatFilters = (filters: HbrFilter[] = []) =>
    Object.fromEntries(
      filters.flatMap((f, i) => [
        [`Filters.${i + 1}.Key`, f.key],
        ...(f.operator ? [[`Filters.${i + 1}.Operator`, f.operator]] : []),
        ...f.values.map((v, j) => [`Filters.${i + 1}.Values.${j + 1}`, v]),
      ]),
    );
  const page = (r: { pageNumber?: number; pageSize?: number; restoreType?: string }) =>
    Object.fromEntries(Object.entries({ PageNumber: r.pageNumber, PageSize: r.pageSize, RestoreType: r.restoreType }).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return {
    createRestoreJob: async (r: CreateRestoreJobRequest) =>
      camel(
        await call("CreateRestoreJob", r.targetInstanceId ? { TargetInstanceId: r.targetInstanceId } : {}, {}, {
          SourceType: r.sourceType, RestoreType: r.restoreType, SnapshotId: r.snapshotId, UdmRegionId: r.udmRegionId, UdmDetail: JSON.stringify(r.udmDetail),
        }),
      ),
    describeRestoreJobs2: async (r: { filters?: HbrFilter[]; pageNumber?: number; pageSize?: number; restoreType?: string } = {}) =>
      camel(await call("DescribeRestoreJobs2", {}, {}, { ...page(r), ...flatFilters(r.filters) })),
    cancelRestoreJob: async (r: { restoreId: string }) => camel(await call("CancelRestoreJob", {}, {}, { RestoreId: r.restoreId })),
  };
}
const region = (regionId: string) => emu.emulator.account(DEV_ACCOUNT_ID).region(regionId)!;
const instance = (regionId: string, id: string) => region(regionId).instances.get(id)!;

async function run(regionId: string, instanceId: string, content: string) {
  const ecs = ecsClient(emu, regionId);
  const { body } = await ecs.runCommand(new $Ecs.RunCommandRequest({ regionId, type: "RunShellScript", commandContent: content, instanceId: [instanceId] }));
  const results = await ecs.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId, invokeId: body?.invokeId, contentEncoding: "PlainText" }));
  const result = results.body?.invocation?.invocationResults?.invocationResult?.[0];
  if (!result) throw new Error("no invocation result");
  return { output: result.output, exitCode: result.exitCode };
}

/** A manual backup, finished: its backup point (and the replica's, with doCopy). */
async function backup(regionId: string, instanceId: string, detail: Record<string, unknown> = {}) {
  const hbr = hbrClient(emu, regionId);
  const { JobId } = await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: instanceId, BackupType: "COMPLETE", Detail: detail, Retention: 7 });
  await admin(emu, "clock/advance", "POST", { seconds: 3600 });
  const job = (await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": JobId })).BackupJobs.BackupJob[0];
  expect(job.Status).toBe("COMPLETE");
  return { snapshotId: region(regionId).jobs.get(JobId)!.snapshotId, replicaSnapshotId: job.Detail.DestinationSnapshotId as string };
}

async function restoreJob(regionId: string, restoreId: string): Promise<HbrRestoreJob> {
  const res = await hbrOf(regionId).describeRestoreJobs2({ filters: [{ key: "RestoreId", values: [restoreId] }] });
  return res.restoreJobs.restoreJob[0];
}

async function restoreAndWait(regionId: string, request: Omit<CreateRestoreJobRequest, "sourceType" | "udmRegionId">) {
  const { restoreId } = await hbrOf(regionId).createRestoreJob({ sourceType: "UDM_ECS", udmRegionId: regionId, ...request });
  expect(restoreId).toMatch(/^r-/);
  expect((await restoreJob(regionId, restoreId)).status).toBe("CREATED");
  await admin(emu, "clock/advance", "POST", { seconds: 30 });
  const running = await restoreJob(regionId, restoreId);
  expect(running.status).toBe("RUNNING");
  expect(running.progress).toBeGreaterThan(0);
  expect(running.progress).toBeLessThan(10000);
  await admin(emu, "clock/advance", "POST", { seconds: 3600 });
  return restoreJob(regionId, restoreId);
}

const NEW_INSTANCE = {
  instanceType: "ecs.g7.large", diskCategory: "cloud_essd", restoredNetwork: "vsw-apsoutheast1bdemo", securityGroup: "sg-apsoutheast1demo",
  restoredName: "restored-db", restoredHostName: "restored-db",
};

describe("guest data survives a backup and comes back with a rollback", () => {
  let snapshotId = "";
  it("writes /data/marker, backs up, changes it, refuses a rollback of a Running instance, rolls back a Stopped one", async () => {
    const id = SG(5);
    expect(await run(SGP, id, "mkdir -p /data && echo before-backup > /data/marker")).toMatchObject({ exitCode: 0 });
    ({ snapshotId } = await backup(SGP, id));
    expect(await run(SGP, id, "echo after-backup > /data/marker; echo extra >> /data/marker")).toMatchObject({ exitCode: 0 });
    expect(await run(SGP, id, "cat /data/marker")).toMatchObject({ output: "after-backup\nextra\n" });

    const refused = await failure(hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS_ROLLBACK", snapshotId, udmRegionId: SGP, udmDetail: { sourceInstanceId: id } }));
    expect(refused).toMatchObject({ code: "IncorrectInstanceStatus", statusCode: 403 });

    instance(SGP, id).status = "Stopped"; // until StopInstance exists
    const done = await restoreAndWait(SGP, { restoreType: "UDM_ECS_ROLLBACK", snapshotId, udmDetail: { sourceInstanceId: id, bootAfterRestore: true } });
    expect(done).toMatchObject({ status: "COMPLETE", progress: 10000, sourceInstanceId: id, targetInstanceId: id, errorMessage: "" });
    expect(instance(SGP, id).status).toBe("Running");
    expect(await run(SGP, id, "cat /data/marker")).toMatchObject({ output: "before-backup\n", exitCode: 0 });
    expect(await run(SGP, id, "grep -qx before-backup /data/marker")).toMatchObject({ exitCode: 0 });
    expect(await run(SGP, id, "grep -qF after-backup /data/marker")).toMatchObject({ exitCode: 1 });
  });

  it("restores the backup's disks to another instance, mounted at its next data mount points", async () => {
    const target = SG(7); // one data disk (/data) already
    const before = instance(SGP, target).disks.length;
    const done = await restoreAndWait(SGP, { restoreType: "UDM_ECS_DISK", snapshotId, targetInstanceId: target, udmDetail: { diskCategory: "cloud_essd" } });
    expect(done).toMatchObject({ status: "COMPLETE", targetInstanceId: target });
    const disks = instance(SGP, target).disks;
    expect(disks).toHaveLength(before + 2);
    expect(JSON.parse(done.udmDetail!).createdDiskIds).toEqual(disks.slice(before).map((d) => d.diskId));
    // the backup's system disk became /data2, its data disk /data3
    expect(await run(SGP, target, "cat /data3/marker")).toMatchObject({ output: "before-backup\n" });
  });

  it("rolls back only the data disks with UDM_ECS_DISK_ROLLBACK (a file on the system disk stays)", async () => {
    const id = SG(6);
    await run(SGP, id, "echo one > /data/marker; echo sys-one > /etc/app.conf");
    const { snapshotId: snap } = await backup(SGP, id);
    await run(SGP, id, "echo two > /data/marker; echo sys-two > /etc/app.conf");
    instance(SGP, id).status = "Stopped";
    const done = await restoreAndWait(SGP, { restoreType: "UDM_ECS_DISK_ROLLBACK", snapshotId: snap, udmDetail: { sourceInstanceId: id } });
    expect(done.status).toBe("COMPLETE");
    expect(instance(SGP, id).status).toBe("Stopped"); // bootAfterRestore defaults to false
    instance(SGP, id).status = "Running";
    expect(await run(SGP, id, "cat /data/marker")).toMatchObject({ output: "one\n" });
    expect(await run(SGP, id, "cat /etc/app.conf")).toMatchObject({ output: "sys-two\n" });
  });
});

describe("a new instance from a replica in the destination region", () => {
  it("appears in DescribeInstances in the chosen vSwitch and zone, Running, with the old file and no public IP", async () => {
    const id = SG(8);
    await run(SGP, id, "printf '%s\\n' from-singapore > /data/marker");
    const { replicaSnapshotId } = await backup(SGP, id, { doCopy: true, destinationRegionId: HK, destinationRetention: 7 });
    expect(replicaSnapshotId).toMatch(/^s-/);
    await run(SGP, id, "rm -f /data/marker");
    const done = await restoreAndWait(HK, {
      restoreType: "UDM_ECS", snapshotId: replicaSnapshotId,
      udmDetail: { ...NEW_INSTANCE, restoredNetwork: "vsw-cnhongkongcdemo", securityGroup: "sg-cnhongkongdemo", restoredName: "sg-app-restored", bootAfterRestore: true },
    });
    expect(done).toMatchObject({ status: "COMPLETE", sourceInstanceId: id, targetInstanceName: "sg-app-restored" });
    const newId = done.targetInstanceId!;
    expect(newId).toMatch(/^i-/);
    const { body } = await ecsClient(emu, HK).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: HK, instanceIds: JSON.stringify([newId]) }));
    const found = body?.instances?.instance?.[0];
    expect(found).toMatchObject({ instanceName: "sg-app-restored", hostName: "restored-db", zoneId: "cn-hongkong-c", status: "Running", instanceType: "ecs.g7.large" });
    expect(found?.vpcAttributes?.vSwitchId).toBe("vsw-cnhongkongcdemo");
    expect(found?.vpcAttributes?.privateIpAddress?.ipAddress?.[0]).toMatch(/^172\.16\.(3[2-9]|4[0-7])\./);
    const made = instance(HK, newId);
    expect(made.publicIp).toBe("");
    expect(made.securityGroupIds).toEqual(["sg-cnhongkongdemo"]);
    expect(made.disks.map((d) => [d.type, d.category])).toEqual([["system", "cloud_essd"], ["data", "cloud_essd"]]);
    expect(made.disks.map((d) => d.diskId)).not.toContain(instance(SGP, id).disks[0]!.diskId);
    expect(await run(HK, newId, "cat /data/marker")).toMatchObject({ output: "from-singapore\n", exitCode: 0 });
    expect(await run(SGP, id, "test -f /data/marker")).toMatchObject({ exitCode: 1 });
  });
});

// Where the new instance (or the restored disks) go is refused with the codes ECS RunInstances documents (checkPlacement).
describe("what HBR/ECS refuse at once (synchronous 4xx)", () => {
  let snapshotId = "";
  beforeAll(async () => {
    ({ snapshotId } = await backup(SGP, SG(1)));
  });
  const create = (restoreType: CreateRestoreJobRequest["restoreType"], udmDetail: Record<string, unknown>, extra: Partial<CreateRestoreJobRequest> = {}) =>
    failure(hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType, snapshotId, udmRegionId: SGP, udmDetail, ...extra }));

  it.each([
    ["an unknown backup point", "UDM_ECS", NEW_INSTANCE, { snapshotId: "s-0000nothere000000" }, "SnapshotNotExist", 404],
    ["a missing UdmDetail key", "UDM_ECS", { ...NEW_INSTANCE, instanceType: undefined }, {}, "BadRequest", 400],
    ["an unknown vSwitch", "UDM_ECS", { ...NEW_INSTANCE, restoredNetwork: "vsw-nothere" }, {}, "InvalidVSwitchId.NotFound", 404],
    ["an unknown security group", "UDM_ECS", { ...NEW_INSTANCE, securityGroup: "sg-nothere" }, {}, "InvalidSecurityGroupId.NotFound", 404],
    ["a security group of another VPC", "UDM_ECS", { ...NEW_INSTANCE, securityGroup: "sg-apsoutheast1drill" }, {}, "InvalidParameter.Mismatch", 400],
    ["an unknown instance type", "UDM_ECS", { ...NEW_INSTANCE, instanceType: "ecs.x9.huge" }, {}, "InvalidInstanceType.ValueNotSupported", 400],
    ["an instance type the zone lacks", "UDM_ECS", { ...NEW_INSTANCE, restoredNetwork: "vsw-apsoutheast1cdemo", instanceType: "ecs.r7.large" }, {}, "InvalidInstanceType.ZoneNotSupported", 403],
    ["a disk category the zone lacks", "UDM_ECS", { ...NEW_INSTANCE, diskCategory: "cloud_ssd" }, {}, "CategoryNotSupported", 403],
    ["a private IP outside the vSwitch", "UDM_ECS", { ...NEW_INSTANCE, privateIpAddress: "10.0.0.5" }, {}, "InvalidPrivateIpAddress", 400],
    ["a private IP VPC reserves (the last three)", "UDM_ECS", { ...NEW_INSTANCE, privateIpAddress: "172.16.31.253" }, {}, "InvalidPrivateIpAddress", 400],
    ["a malformed private IP", "UDM_ECS", { ...NEW_INSTANCE, privateIpAddress: "172.16.16" }, {}, "InvalidPrivateIpAddress.Malformed", 400],
    ["an unknown target instance", "UDM_ECS_DISK", { diskCategory: "cloud_essd" }, { targetInstanceId: "i-nothere" }, "ResourceNotFound", 404],
    ["a disk category the target's zone lacks", "UDM_ECS_DISK", { diskCategory: "cloud" }, { targetInstanceId: SG(3) }, "CategoryNotSupported", 403],
    ["a rollback of a Running instance", "UDM_ECS_ROLLBACK", { sourceInstanceId: SG(1) }, {}, "IncorrectInstanceStatus", 403],
    ["a disk rollback of a Running instance", "UDM_ECS_DISK_ROLLBACK", { sourceInstanceId: SG(1) }, {}, "IncorrectInstanceStatus", 403],
    ["a rollback naming another instance", "UDM_ECS_ROLLBACK", { sourceInstanceId: SG(12) }, {}, "BadRequest", 400],
  ] as const)("%s", async (_name, type, detail, extra, code, status) => {
    expect(await create(type, detail as Record<string, unknown>, extra)).toMatchObject({ code, statusCode: status });
  });

  it("a replica's backup point is not in the source region, and an unknown RestoreType is refused", async () => {
    expect(await create("UDM_ECS", NEW_INSTANCE, { udmRegionId: HK })).toMatchObject({ code: "SnapshotNotExist", statusCode: 404 });
    expect(await create("UDM_ECS_FILE" as "UDM_ECS", NEW_INSTANCE)).toMatchObject({ code: "BadRequest", statusCode: 400 });
  });

  it("a private IP already in use in the vSwitch is refused; a free one is taken", async () => {
    const taken = instance(SGP, SG(1)).privateIp;
    expect(await create("UDM_ECS", { ...NEW_INSTANCE, restoredNetwork: "vsw-apsoutheast1ademo", privateIpAddress: taken })).toMatchObject({ code: "InvalidPrivateIpAddress.Duplicated" });
    const done = await restoreAndWait(SGP, { restoreType: "UDM_ECS", snapshotId, udmDetail: { ...NEW_INSTANCE, privateIpAddress: "172.16.20.9", allocatePublicIp: true } });
    const made = instance(SGP, done.targetInstanceId!);
    expect(made).toMatchObject({ privateIp: "172.16.20.9", zoneId: "ap-southeast-1-b", status: "Stopped" });
    expect(made.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});

describe("cancel, failures, and DescribeRestoreJobs2", () => {
  it("cancels while CREATED/RUNNING, not after; nothing is made", async () => {
    const { snapshotId } = await backup(SGP, SG(2));
    const before = region(SGP).instances.size;
    const { restoreId } = await hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS", snapshotId, udmRegionId: SGP, udmDetail: NEW_INSTANCE });
    await hbrOf(SGP).cancelRestoreJob({ restoreId });
    await admin(emu, "clock/advance", "POST", { seconds: 1 });
    expect(await restoreJob(SGP, restoreId)).toMatchObject({ status: "CANCELED", progress: 0 });
    expect(await failure(hbrOf(SGP).cancelRestoreJob({ restoreId }))).toMatchObject({ code: "JobCannotCancel", statusCode: 400 });
    expect(await failure(hbrOf(SGP).cancelRestoreJob({ restoreId: "r-0000nothere00000" }))).toMatchObject({ code: "RestoreJobNotExist", statusCode: 404 });
    await admin(emu, "clock/advance", "POST", { seconds: 3600 });
    expect(region(SGP).instances.size).toBe(before);
  });

  it("ends FAILED with an error message when the source instance is deleted meanwhile", async () => {
    const id = SG(12); // Stopped in the scenario
    const { snapshotId } = await backup(SGP, id);
    const { restoreId } = await hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS_ROLLBACK", snapshotId, udmRegionId: SGP, udmDetail: { sourceInstanceId: id } });
    region(SGP).instances.delete(id);
    region(SGP).invalidateInstances();
    await admin(emu, "clock/advance", "POST", { seconds: 3600 });
    const job = await restoreJob(SGP, restoreId);
    expect(job.status).toBe("FAILED");
    expect(job.errorMessage).toContain("no longer exists");
  });

  it("filters by InstanceId, Status, CreatedTime, CompleteTime, RestoreType and pages", async () => {
    const hbr = hbrOf(SGP);
    const all = await hbr.describeRestoreJobs2({ pageSize: 99 });
    expect(all.totalCount).toBeGreaterThanOrEqual(6);
    const f = (...filters: HbrFilter[]) => hbr.describeRestoreJobs2({ filters, pageSize: 99 });
    const bySource = await f({ key: "InstanceId", values: [SG(5)] });
    expect(bySource.restoreJobs.restoreJob.map((j: HbrRestoreJob) => j.restoreType).sort()).toEqual(["UDM_ECS_DISK", "UDM_ECS_ROLLBACK"]);
    const byTarget = await f({ key: "InstanceId", values: [SG(7)] });
    expect(byTarget.restoreJobs.restoreJob.map((j: HbrRestoreJob) => j.restoreType)).toEqual(["UDM_ECS_DISK"]);
    const failed = await f({ key: "Status", values: ["FAILED"] });
    expect(failed.restoreJobs.restoreJob.map((j: HbrRestoreJob) => j.sourceInstanceId)).toEqual([SG(12)]);
    const newest = all.restoreJobs.restoreJob[0]!;
    const since = await f({ key: "CreatedTime", operator: "GREATER_THAN_OR_EQUAL", values: [String(newest.createdTime)] });
    expect(since.restoreJobs.restoreJob.map((j: HbrRestoreJob) => j.restoreId)).toContain(newest.restoreId);
    expect(since.totalCount).toBeLessThan(all.totalCount);
    const completed = await f({ key: "CompleteTime", operator: "BETWEEN", values: ["1", "99999999999"] });
    expect(completed.restoreJobs.restoreJob.every((j: HbrRestoreJob) => j.completeTime! > 0)).toBe(true);
    expect(await failure(f({ key: "CompleteTime", operator: "IN", values: ["1"] }))).toMatchObject({ code: "BadRequest" });
    expect(await failure(f({ key: "Bucket", values: ["x"] }))).toMatchObject({ code: "BadRequest" });
    const rollbacks = await hbr.describeRestoreJobs2({ restoreType: "UDM_ECS_ROLLBACK", pageSize: 99 });
    expect(rollbacks.restoreJobs.restoreJob.every((j: HbrRestoreJob) => j.restoreType === "UDM_ECS_ROLLBACK")).toBe(true);
    const page2 = await hbr.describeRestoreJobs2({ pageSize: 2, pageNumber: 2 });
    expect(page2).toMatchObject({ pageNumber: 2, pageSize: 2, totalCount: all.totalCount });
    expect(page2.restoreJobs.restoreJob.map((j: HbrRestoreJob) => j.restoreId)).toEqual(all.restoreJobs.restoreJob.slice(2, 4).map((j: HbrRestoreJob) => j.restoreId));
  });
});

describe("a backup that vanishes while its restore is queued", () => {
  it("ends the restore FAILED with an error message and makes nothing", async () => {
    const { snapshotId } = await backup(SGP, SG(11));
    const before = region(SGP).instances.size;
    const { restoreId } = await hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS", snapshotId, udmRegionId: SGP, udmDetail: NEW_INSTANCE });
    region(SGP).hbrSnapshots.delete(snapshotId); // as retention would
    await admin(emu, "clock/advance", "POST", { seconds: 3600 });
    const job = await restoreJob(SGP, restoreId);
    expect(job).toMatchObject({ status: "FAILED", targetInstanceId: "" });
    expect(job.errorMessage).toContain(`${snapshotId} no longer exists`);
    expect(region(SGP).instances.size).toBe(before);
  });
});

describe("two restores queued for the same private IP", () => {
  it("the first takes it; the second ends FAILED with RunInstances' InvalidPrivateIpAddress.Duplicated and makes nothing", async () => {
    const { snapshotId } = await backup(SGP, SG(9));
    const detail = { ...NEW_INSTANCE, privateIpAddress: "172.16.20.77" };
    const first = await hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS", snapshotId, udmRegionId: SGP, udmDetail: detail });
    const second = await hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS", snapshotId, udmRegionId: SGP, udmDetail: detail });
    const before = region(SGP).instances.size;
    await admin(emu, "clock/advance", "POST", { seconds: 3600 });
    const [a, b] = [await restoreJob(SGP, first.restoreId), await restoreJob(SGP, second.restoreId)];
    expect(a.status).toBe("COMPLETE");
    expect(instance(SGP, a.targetInstanceId).privateIp).toBe("172.16.20.77");
    expect(b).toMatchObject({ status: "FAILED", targetInstanceId: "" });
    expect(b.errorMessage).toContain("InvalidPrivateIpAddress.Duplicated");
    expect(region(SGP).instances.size).toBe(before + 1);
  });
});

describe("a restore across an emulator restart", () => {
  it("keeps the restore job and the captured guest files on disk, and finishes after the restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-restore-"));
    const saved = emu;
    try {
      emu = await startEmulator({ dataDir, scenario: testScenario() });
      const id = SG(10);
      await run(SGP, id, "echo persisted > /data/marker");
      const { snapshotId } = await backup(SGP, id);
      const { restoreId } = await hbrOf(SGP).createRestoreJob({ sourceType: "UDM_ECS", restoreType: "UDM_ECS", snapshotId, udmRegionId: SGP, udmDetail: { ...NEW_INSTANCE, bootAfterRestore: true } });
      await emu.stop();
      emu = await startEmulator({ dataDir, scenario: testScenario() });
      await admin(emu, "clock/advance", "POST", { seconds: 3600 });
      const job = await restoreJob(SGP, restoreId);
      expect(job.status).toBe("COMPLETE");
      expect(await run(SGP, job.targetInstanceId, "cat /data/marker")).toMatchObject({ output: "persisted\n" });
      await emu.stop();
    } finally {
      emu = saved;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
