import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import { OpenApiUtil } from "@alicloud/openapi-core";
import { DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, type RunningEmulator } from "../../server.ts";
import { parseScenario } from "../../scenario/schema.ts";
import { $Ecs, admin, ecsClient, failure, hbrClient, startTestEmulator } from "../../testing/clients.ts";
import { CONSISTENCY_CASES } from "../../testing/consistency-cases.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.stop());

/** the emulator's clock (tests advance it), in seconds */
let clockNow = 0;
const nowSec = () => clockNow;
beforeEach(async () => {
  clockNow = Math.floor((await admin(emu, "clock", "GET")).now / 1000);
});
const id = (prefix: string, n: number) => `i-${prefix}demo${String(n).padStart(9, "0")}`;
const SG = (n: number) => id("t4n", n);
const HZ = (n: number) => id("bp1", n);

async function backupAndWait(regionId: string, instanceId: string, detail: Record<string, unknown>) {
  const hbr = hbrClient(emu, regionId);
  const { JobId } = await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: instanceId, BackupType: "COMPLETE", Detail: detail, Retention: 7 });
  await admin(emu, "clock/advance", "POST", { seconds: 3600 });
  const snaps = await hbr("DescribeUdmSnapshots", { SourceType: "UDM_ECS", UdmRegionId: regionId, StartTime: 0, EndTime: nowSec() + 10 * 86400, JobId });
  const snapshot = snaps.Snapshots[0];
  const ecs = await ecsClient(emu, regionId).describeSnapshots(new $Ecs.DescribeSnapshotsRequest({ regionId, snapshotIds: JSON.stringify(snapshot.Detail.NativeSnapshotIdList) }));
  return { JobId, snapshot, ecsSnapshots: ecs.body?.snapshots?.snapshot ?? [] };
}

describe("consistency level follows the seed's rules (the shared table's cases on the default scenario's instances)", () => {
  const cases = CONSISTENCY_CASES.flatMap((c) =>
    c.scenarioInstance ? [[c.name, c.scenarioInstance.regionId, c.scenarioInstance.instanceId, c.facts.appConsistent, c.level, c.downgradeReason] as const] : [],
  );
  it("covers every level and the scenario's showcase instances", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(cases.map((c) => c[4]))).toEqual(new Set(["APPLICATION", "FILE_SYSTEM", "CRASH"]));
  });
  it.each(cases)("%s → %s", async (_name, regionId, instanceId, requested, level, reason) => {
    const { snapshot, ecsSnapshots } = await backupAndWait(regionId, instanceId, { appConsistent: requested, preScriptPath: "/tmp/prescript.sh", postScriptPath: "/tmp/postscript.sh" });
    expect(snapshot.Detail).toMatchObject({ ConsistentLevel: level, DowngradeReason: reason });
    expect(ecsSnapshots.length).toBeGreaterThan(0);
    for (const s of ecsSnapshots) {
      const tags = Object.fromEntries((s.tags?.tag ?? []).map((t) => [t.tagKey, t.tagValue]));
      expect(tags.APPConsistent).toBe(level === "APPLICATION" ? "True" : undefined);
      expect(tags.FsConsistent).toBe(level === "FILE_SYSTEM" ? "True" : undefined);
    }
  });
});

describe("backup jobs", () => {
  it("move CREATED → RUNNING → COMPLETE with progress and bytes, and DescribeTask follows", async () => {
    const hbr = hbrClient(emu, "ap-southeast-1");
    const { JobId } = await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: SG(3), BackupType: "COMPLETE", Detail: {} });
    const job = async () => (await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": JobId })).BackupJobs.BackupJob[0];
    expect((await job()).Status).toBe("CREATED");
    await admin(emu, "clock/advance", "POST", { seconds: 20 });
    const running = await job();
    expect(running.Status).toBe("RUNNING");
    expect(running.Progress).toBeGreaterThan(0);
    expect(running.Progress).toBeLessThan(10000);
    expect(running.BytesDone).toBeLessThan(running.BytesTotal);
    await admin(emu, "clock/advance", "POST", { seconds: 600 });
    const done = await job();
    expect(done).toMatchObject({ Status: "COMPLETE", Progress: 10000 });
    expect(done.BytesDone).toBe(done.BytesTotal);
    expect(done.Detail.DiskNativeSnapshotIdList.DiskNativeSnapshotId).toHaveLength(1);
    // A map by instance id (the official model's type), not JSON text.
    expect(done.Detail.InstanceInfos[SG(3)]).toMatchObject({ instanceName: expect.any(String), diskIds: expect.any(Array), platform: expect.stringMatching(/^(Linux|Windows)$/) });
    const state = await admin(emu, "state", "GET");
    const taskId = state.accounts[0].regions.find((r: { region: { regionId: string } }) => r.region.regionId === "ap-southeast-1").jobs.find((j: { jobId: string }) => j.jobId === JobId).taskId;
    expect(await hbr("DescribeTask", { TaskId: taskId })).toMatchObject({ Progress: 100, Description: "completed" });
  });

  it("can be cancelled while running, not after", async () => {
    const hbr = hbrClient(emu, "ap-southeast-1");
    const { JobId } = await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: SG(3), BackupType: "COMPLETE", Detail: {} });
    await hbr("CancelBackupJob", { JobId });
    const jobs = await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": JobId });
    expect(jobs.BackupJobs.BackupJob[0].Status).toBe("CANCELED");
    const err = await failure(hbr("CancelBackupJob", { JobId }));
    expect([err.statusCode, err.code]).toEqual([400, "JobCannotCancel"]);
  });

  it("replicates to the destination region with its own retention", async () => {
    const { JobId, snapshot } = await backupAndWait("ap-southeast-1", SG(2), { doCopy: true, destinationRegionId: "cn-hongkong", destinationRetention: 30 });
    expect(snapshot.Retention).toBe(7);
    const copy = await hbrClient(emu, "cn-hongkong")("DescribeUdmSnapshots", { SourceType: "UDM_ECS", UdmRegionId: "cn-hongkong", StartTime: 0, EndTime: nowSec() + 30 * 86400, JobId });
    expect(copy.Snapshots).toHaveLength(1);
    expect(copy.Snapshots[0]).toMatchObject({ Retention: 30, InstanceId: SG(2) });
    const job = (await hbrClient(emu, "ap-southeast-1")("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": JobId })).BackupJobs.BackupJob[0];
    expect(job.Detail).toMatchObject({ DoCopy: true, DestinationSnapshotId: copy.Snapshots[0].SnapshotId, DestinationRetention: 30 });
    const ecs = await ecsClient(emu, "cn-hongkong").describeSnapshots(new $Ecs.DescribeSnapshotsRequest({ regionId: "cn-hongkong", tag: [new $Ecs.DescribeSnapshotsRequestTag({ key: "HBR JobId", value: JobId })] }));
    expect(ecs.body?.snapshots?.snapshot?.[0]?.retentionDays).toBe(30);
  });
});

describe("policies and bindings", () => {
  const rules = (start = nowSec() + 3600) => [
    { RuleType: "BACKUP", Schedule: `I|${start}|P1D`, Retention: 2, BackupType: "COMPLETE", KeepLatestSnapshots: 1 },
    { RuleType: "REPLICATION", ReplicationRegionId: "cn-hongkong", Retention: 5 },
  ];

  it("create, describe (NextToken), update, bind, fire on schedule, expire by retention, delete", async () => {
    const hbr = hbrClient(emu, "ap-southeast-1");
    const { PolicyId } = await hbr("CreatePolicyV2", { PolicyName: "daily", PolicyType: "UDM_ECS_ONLY", Rules: rules() });
    expect(PolicyId).toMatch(/^po-000/);
    for (let i = 0; i < 11; i++) await hbr("CreatePolicyV2", { PolicyName: `filler-${i}`, Rules: rules() });
    const first = await hbr("DescribePoliciesV2", { MaxResults: 10 });
    expect(first.Policies).toHaveLength(10);
    const second = await hbr("DescribePoliciesV2", { MaxResults: 10, NextToken: first.NextToken });
    expect(second.Policies.length).toBeGreaterThanOrEqual(2);
    expect(second.NextToken).toBeFalsy();
    const policy = (await hbr("DescribePoliciesV2", { PolicyId })).Policies[0];
    expect(policy.Rules[0]).toMatchObject({ RuleType: "BACKUP", RuleId: expect.stringMatching(/^rule-/) });
    await hbr("UpdatePolicyV2", { PolicyId, PolicyDescription: "edited", Rules: policy.Rules });
    expect((await hbr("DescribePoliciesV2", { PolicyId })).Policies[0]).toMatchObject({ PolicyDescription: "edited", Rules: policy.Rules });

    await hbr("CreatePolicyBindings", { PolicyId, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: SG(3), Disabled: "false" }, { SourceType: "UDM_ECS", DataSourceId: SG(4) }] });
    const bindings = await hbr("DescribePolicyBindings", { PolicyId, MaxResults: 10 });
    expect(bindings.PolicyBindings.map((b: { DataSourceId: string }) => b.DataSourceId)).toEqual([SG(3), SG(4)]);
    expect(bindings.PolicyBindings[0]).toMatchObject({ Disabled: false, SourceType: "UDM_ECS", PolicyBindingId: expect.stringMatching(/^pd-/) });
    // SourceType narrows the list, as in the SDK's request model.
    expect((await hbr("DescribePolicyBindings", { PolicyId, SourceType: "UDM_ECS", MaxResults: 10 })).TotalCount).toBe(2);
    expect((await hbr("DescribePolicyBindings", { PolicyId, SourceType: "ECS_FILE", MaxResults: 10 })).PolicyBindings).toEqual([]);
    await hbr("UpdatePolicyBinding", { PolicyId, SourceType: "UDM_ECS", DataSourceId: SG(4), Disabled: true });

    await admin(emu, "clock/advance", "POST", { seconds: 3600 + 600 });
    const jobs = await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "InstanceId", "Filters.1.Operator": "IN", "Filters.1.Values.1": SG(3), "Filters.1.Values.2": SG(4) });
    const scheduled = jobs.BackupJobs.BackupJob.filter((j: { TriggerMode: string }) => j.TriggerMode === "SCHEDULE");
    expect(scheduled.map((j: { InstanceId: string }) => j.InstanceId)).toEqual([SG(3)]);
    expect(scheduled[0]).toMatchObject({ Status: "COMPLETE", PlanId: PolicyId });
    const hk = await hbrClient(emu, "cn-hongkong")("DescribeUdmSnapshots", { SourceType: "UDM_ECS", UdmRegionId: "cn-hongkong", StartTime: 0, EndTime: nowSec() + 100 * 86400, JobId: scheduled[0].JobId });
    expect(hk.Snapshots[0].Retention).toBe(5);

    // 3 days later: the next daily runs happened (no backfill) and the first backup expired, the latest is kept
    await admin(emu, "clock/advance", "POST", { seconds: 3 * 86400 });
    const snaps = await hbr("DescribeUdmSnapshots", { SourceType: "UDM_ECS", UdmRegionId: "ap-southeast-1", StartTime: 0, EndTime: nowSec() + 100 * 86400, InstanceId: SG(3) });
    const policyJobs = (await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "PlanId", "Filters.1.Values.1": PolicyId, PageSize: 50 })).BackupJobs.BackupJob;
    expect(policyJobs.length).toBeGreaterThanOrEqual(2);
    expect(snaps.Snapshots.some((s: { JobId: string }) => s.JobId === scheduled[0].JobId)).toBe(false);
    expect(snaps.Snapshots.length).toBeGreaterThanOrEqual(1);

    await hbr("DeletePolicyBinding", { PolicyId, SourceType: "UDM_ECS", DataSourceIds: [SG(4)] });
    await hbr("DeletePolicyV2", { PolicyId });
    expect((await hbr("DescribePolicyBindings", { DataSourceIds: [SG(3)] })).PolicyBindings).toEqual([]);
    const gone = await failure(hbr("DescribePoliciesV2", { PolicyId: "po-000missing" }).then((r) => { if (r.Policies.length === 0) throw { statusCode: 404, code: "empty" }; }));
    expect(gone.code).toBe("empty");
  });

  it("enforces one policy per instance and app-consistent for one instance only; policy calls fail where policies are unsupported", async () => {
    const hbr = hbrClient(emu, "ap-southeast-1");
    const a = (await hbr("CreatePolicyV2", { PolicyName: "a", Rules: rules() })).PolicyId;
    const b = (await hbr("CreatePolicyV2", { PolicyName: "b", Rules: rules() })).PolicyId;
    await hbr("CreatePolicyBindings", { PolicyId: a, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: SG(1) }] });
    const twice = await failure(hbr("CreatePolicyBindings", { PolicyId: b, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: SG(1) }] }));
    expect([twice.statusCode, twice.code]).toEqual([400, "DataSourceAlreadyBound"]);
    const app = { AdvancedOptions: { UdmDetail: { AppConsistent: true, PreScriptPath: "/tmp/prescript.sh", PostScriptPath: "/tmp/postscript.sh", RamRoleName: "AppSnapshotRoleName" } } };
    const multi = await failure(hbr("CreatePolicyBindings", { PolicyId: b, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: SG(2), ...app }, { SourceType: "UDM_ECS", DataSourceId: SG(3) }] }));
    expect([multi.statusCode, multi.code]).toEqual([400, "AppConsistentNotSupportMultipleInstances"]);
    await hbr("CreatePolicyBindings", { PolicyId: b, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: SG(2), ...app }] });
    const added = await failure(hbr("CreatePolicyBindings", { PolicyId: b, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: SG(3) }] }));
    expect(added.code).toBe("AppConsistentNotSupportMultipleInstances");
    const jp = hbrClient(emu, "ap-northeast-1");
    const err = await failure(jp("CreatePolicyV2", { PolicyName: "x", Rules: rules() }));
    expect([err.statusCode, err.code]).toEqual([400, "Policy.NotSupportedInRegion"]);
    const hz = hbrClient(emu, "cn-hangzhou");
    const big = (await hz("CreatePolicyV2", { PolicyName: "big", Rules: rules() })).PolicyId;
    const hzIds = Array.from({ length: 9 }, (_, i) => HZ(i + 1));
    await hz("CreatePolicyBindings", { PolicyId: big, PolicyBindingList: hzIds.map((DataSourceId) => ({ SourceType: "UDM_ECS", DataSourceId })) });
    expect((await hz("DescribePoliciesV2", { PolicyId: big })).Policies[0].PolicyBindingCount).toBe(9);
    const badRules = await failure(hbr("CreatePolicyV2", { PolicyName: "bad", Rules: [{ RuleType: "BACKUP", Schedule: "every day" }] }));
    expect([badRules.statusCode, badRules.code]).toEqual([400, "InvalidParameter.Schedule"]);
  });
});

describe("legacy UDM_ECS backup plans", () => {
  it("create, describe, update, disable/enable, execute, schedule, delete", async () => {
    const hbr = hbrClient(emu, "cn-shanghai");
    const start = nowSec() + 7200;
    const { PlanId } = await hbr("CreateBackupPlan", {
      SourceType: "UDM_ECS", InstanceId: id("uf6", 1), UdmRegionId: "cn-shanghai", PlanName: "sh-oracle-daily", BackupType: "COMPLETE",
      Schedule: `I|${start}|PT12H`, Retention: 3, Detail: { EnableFsFreeze: true, timeoutInSeconds: 60, doCopy: false },
    });
    expect(PlanId).toMatch(/^plan-000/);
    const list = await hbr("DescribeBackupPlans", { SourceType: "UDM_ECS", "Filters.1.Key": "planId", "Filters.1.Values.1": PlanId });
    const plan = list.BackupPlans.BackupPlan[0];
    expect(plan).toMatchObject({ PlanName: "sh-oracle-daily", Schedule: `I|${start}|PT12H`, Disabled: false, InstanceName: "sh-oracle" });
    expect([plan.InstanceId, plan.DataSourceId, list.TotalCount, list.PageNumber]).toEqual([id("uf6", 1), id("uf6", 1), 1, 1]);
    expect(JSON.parse(plan.Detail)).toMatchObject({ enableFsFreeze: true, timeoutInSeconds: 60 });
    expect(plan.Resources.Resource[0].SourceType).toBe("UDM_DISK");
    await hbr("UpdateBackupPlan", { PlanId, SourceType: "UDM_ECS", Retention: 5 });
    await hbr("DisableBackupPlan", { PlanId, SourceType: "UDM_ECS" });
    expect((await hbr("DescribeBackupPlans", { SourceType: "UDM_ECS" })).BackupPlans.BackupPlan[0]).toMatchObject({ Disabled: true, Retention: 5 });
    await admin(emu, "clock/advance", "POST", { seconds: 3 * 3600 });
    const none = await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "PlanId", "Filters.1.Values.1": PlanId });
    expect(none.TotalCount).toBe(0);
    await hbr("EnableBackupPlan", { PlanId, SourceType: "UDM_ECS" });
    await admin(emu, "clock/advance", "POST", { seconds: 13 * 3600 });
    const fired = await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "PlanId", "Filters.1.Values.1": PlanId });
    expect(fired.BackupJobs.BackupJob[0]).toMatchObject({ TriggerMode: "SCHEDULE", Status: "COMPLETE" });
    const { JobId } = await hbr("ExecuteBackupPlan", { PlanId, SourceType: "UDM_ECS" });
    expect(JobId).toMatch(/^job-000/);
    await hbr("DeleteBackupPlan", { PlanId, SourceType: "UDM_ECS" });
    const missing = await failure(hbr("ExecuteBackupPlan", { PlanId, SourceType: "UDM_ECS" }));
    expect([missing.statusCode, missing.code]).toEqual([404, "PlanNotExist"]);
  });

  it("resolves the region from the named instance when no region is sent", async () => {
    const hbr = hbrClient(emu, "cn-shanghai");
    const { JobId } = await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: id("uf6", 2), Detail: {} }, { "x-hbr-emulator-region": "" });
    expect(JobId).toMatch(/^job-/);
    const err = await failure(hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS" }, { "x-hbr-emulator-region": "" }));
    expect(err.code).toBe("MissingParameter");
  });
});

describe("limits and region resolution on a purpose-built fleet", () => {
  let big: RunningEmulator;
  beforeAll(async () => {
    big = await startTestEmulator({
      scenario: parseScenario({ regions: [{ regionId: "cn-hangzhou", localName: "China (Hangzhou)", policySupported: true }, { regionId: "cn-hongkong", localName: "China (Hong Kong)", policySupported: true }], generate: [{ regionId: "cn-hangzhou", count: 100, namePrefix: "n-" }] }, "limits"),
    });
  });
  afterAll(() => big.stop());

  it("binds 99 instances to one policy and refuses the 100th with PolicyBindingCountExceeded", async () => {
    const hbr = hbrClient(big, "cn-hangzhou");
    const ids = (await ecsClient(big, "cn-hangzhou").describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-hangzhou", pageSize: 100 }))).body!.instances!.instance!.map((i) => i.instanceId!);
    const { PolicyId } = await hbr("CreatePolicyV2", { PolicyName: "wide", Rules: [{ RuleType: "BACKUP", Schedule: "I|1700000000|P1D", Retention: 7 }] });
    await hbr("CreatePolicyBindings", { PolicyId, PolicyBindingList: ids.slice(0, 99).map((DataSourceId) => ({ SourceType: "UDM_ECS", DataSourceId })) });
    const err = await failure(hbr("CreatePolicyBindings", { PolicyId, PolicyBindingList: [{ SourceType: "UDM_ECS", DataSourceId: ids[99] }] }));
    expect([err.statusCode, err.code]).toEqual([400, "PolicyBindingCountExceeded"]);
    let token: string | undefined;
    let seen = 0;
    do {
      const page = await hbr("DescribePolicyBindings", { PolicyId, MaxResults: 40, NextToken: token });
      seen += page.PolicyBindings.length;
      token = page.NextToken || undefined;
    } while (token);
    expect(seen).toBe(99);
  });

  it("takes the region from a Host hbr.<region>.aliyuncs.com when nothing else names it", async () => {
    const headers: Record<string, string> = {
      host: "hbr.cn-hongkong.aliyuncs.com", "x-acs-action": "DescribePoliciesV2", "x-acs-version": "2017-09-08", "x-acs-date": new Date().toISOString().slice(0, 19) + "Z",
      "x-acs-signature-nonce": `host-test-${Date.now()}`, "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    };
    headers.authorization = OpenApiUtil.getAuthorization({ pathname: "/", method: "POST", query: {}, headers } as never, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"]!, DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET);
    const body = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: big.port, method: "POST", path: "/", headers }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(JSON.parse(text)));
      });
      req.on("error", reject);
      req.end();
    });
    // cn-hangzhou holds the "wide" policy from the previous test; Hong Kong has none
    expect(body).toMatchObject({ Success: true, TotalCount: 0 });
    expect((await hbrClient(big, "cn-hangzhou")("DescribePoliciesV2")).TotalCount).toBe(1);
  });
});
