import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { admin, hbrClient, startTestEmulator, testScenario } from "../testing/clients.ts";
import { startEmulator } from "../server.ts";
import type { BulkSeed, BulkSeedPolicy } from "./bulk-seed.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const HOUR = 3600;
const nowS = Math.floor(Date.now() / 1000);
const APP = { AppConsistent: true, EnableWriters: true, EnableFsFreeze: true, TimeoutInSeconds: 30, PreScriptPath: "/tmp/prescript.sh", PostScriptPath: "/tmp/postscript.sh", RamRoleName: "AppSnapshotRoleName" };
// Daily runs, the newest an hour ago: three instances with 8 jobs (so the oldest run covers two of them) whose
// newest run failed, a paused one replicated to Hong Kong, then twelve application-consistent single instances
// (one job each) whose generated prerequisites vary as the fleet's do.
const daily = `I|${nowS - HOUR - 2 * 86400}|P1D`;
const seed: BulkSeed = {
  regionId: "ap-southeast-1",
  namePrefix: "bulk-test-",
  failureEvery: 0,
  firstInstance: 0,
  firstJob: 0,
  policies: [
    { policyName: "three", description: "marker:three", schedule: daily, retentionDays: 30, advancedOptions: {}, instances: 3, jobs: 8, failedRuns: 1, disabled: false },
    { policyName: "paused", description: "marker:paused", schedule: `I|${nowS - HOUR}|PT12H`, retentionDays: 7, replication: { regionId: "cn-hongkong", retentionDays: 14 }, advancedOptions: {}, instances: 1, jobs: 1, failedRuns: 0, disabled: true },
    ...Array.from({ length: 12 }, (_, i) => ({
      policyName: `app-${i}`, description: `marker:app-${i}`, schedule: daily, retentionDays: 30, advancedOptions: APP, instances: 1, jobs: 1, failedRuns: 0, disabled: false,
    })),
  ],
};

async function post(emu: { url: string }, body: unknown): Promise<{ status: number; json: { regionId: string; policies: BulkSeedPolicy[]; message?: string } }> {
  const res = await fetch(`${emu.url}/__emulator/seed/bulk`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("POST /__emulator/seed/bulk", () => {
  it("makes instances, policies, bindings and finished jobs with backups that the HBR actions then show", async () => {
    const emu = await startTestEmulator();
    try {
      const { status, json } = await post(emu, seed);
      expect(status).toBe(200);
      const [three, paused, ...apps] = json.policies as [BulkSeedPolicy, BulkSeedPolicy, ...BulkSeedPolicy[]];
      expect(three.instances.map((i) => i.instanceName)).toEqual(["bulk-test-00001", "bulk-test-00002", "bulk-test-00003"]);
      expect(three.jobs).toHaveLength(8);
      // The newest run failed on every instance; the older ones succeeded.
      const newest = Math.max(...three.jobs.map((j) => j.createdTime));
      expect(three.jobs.filter((j) => j.createdTime === newest).map((j) => j.status)).toEqual(["FAILED", "FAILED", "FAILED"]);
      expect(three.jobs.filter((j) => j.status === "COMPLETE")).toHaveLength(5);
      expect(three.jobs.filter((j) => j.status === "COMPLETE").every((j) => j.consistentLevel === "CRASH")).toBe(true);
      // Application consistency as HBR decides it for each instance: every level, with the reason of each downgrade.
      const levels = apps.map((p) => p.jobs[0]!);
      expect(new Set(levels.map((j) => j.consistentLevel))).toEqual(new Set(["APPLICATION", "FILE_SYSTEM", "CRASH"]));
      expect(levels.filter((j) => j.consistentLevel !== "APPLICATION").every((j) => j.downgradeReason.startsWith("HBR."))).toBe(true);
      const app = apps.find((p) => p.jobs[0]!.consistentLevel === "APPLICATION")!;
      expect(paused.jobs[0]!.replicaRegionId).toBe("cn-hongkong");

      const hbr = hbrClient(emu, "ap-southeast-1");
      const bindings = await hbr("DescribePolicyBindings", { PolicyId: three.policyId, MaxResults: 10 });
      expect(bindings.PolicyBindings.map((b: { DataSourceId: string }) => b.DataSourceId)).toEqual(three.instances.map((i) => i.instanceId));
      expect((await hbr("DescribePolicyBindings", { PolicyId: paused.policyId, MaxResults: 10 })).PolicyBindings[0].Disabled).toBe(true);
      const policy = (await hbr("DescribePoliciesV2", { PolicyId: app.policyId })).Policies[0];
      expect([policy.PolicyId, policy.PolicyBindingCount]).toEqual([app.policyId, 1]);
      expect(policy.PolicyDescription).toMatch(/^marker:app-\d+$/);

      const job = app.jobs[0]!;
      const listed = (await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": job.jobId })).BackupJobs.BackupJob[0];
      expect([listed.Status, listed.PlanId, listed.TriggerMode, listed.Progress]).toEqual(["COMPLETE", app.policyId, "SCHEDULE", 10000]);
      const snap = (
        await hbr("DescribeUdmSnapshots", { SourceType: "UDM_ECS", UdmRegionId: "ap-southeast-1", StartTime: 0, EndTime: nowS + HOUR, JobId: job.jobId })
      ).Snapshots[0];
      expect([snap.SnapshotId, snap.Detail.ConsistentLevel, snap.Detail.NativeSnapshotIdList]).toEqual([job.snapshotId, "APPLICATION", job.nativeSnapshotIds]);

      // A second seed of the same policies is refused; a region without policies too.
      expect((await post(emu, seed)).status).toBe(409);
      expect((await post(emu, { ...seed, regionId: "cn-shanghai" })).status).toBe(409);
      expect((await post(emu, { ...seed, policies: [] })).status).toBe(400);
    } finally {
      await emu.stop();
    }
  });

  it("a seed sent in parts makes what one request makes, with the region's jobs still in creation order", async () => {
    const whole = await startTestEmulator();
    const parted = await startTestEmulator();
    try {
      // "three" (jobs over the last two days), then the twelve single-instance policies (one job each, at their
      // oldest run): sent as two parts, the second part's jobs are older than the first's newest.
      const order = [seed.policies[0]!, ...seed.policies.slice(2)];
      const one = (await post(whole, { ...seed, failureEvery: 3, policies: order })).json.policies;
      const reordered = [...(await post(parted, { ...seed, failureEvery: 3, policies: order.slice(0, 1) })).json.policies];
      const from = { firstInstance: reordered.reduce((n, p) => n + p.instances.length, 0), firstJob: reordered.reduce((n, p) => n + p.jobs.length, 0) };
      const second = await post(parted, { ...seed, failureEvery: 3, policies: order.slice(1), ...from });
      expect(second.status).toBe(200);
      reordered.push(...second.json.policies);
      expect(reordered.map((p) => p.policyId)).toEqual(one.map((p) => p.policyId));
      const ids = (ps: BulkSeedPolicy[]) => new Set(ps.flatMap((p) => p.instances.map((i) => i.instanceId)));
      expect(ids(reordered).size).toBe(ids(one).size);
      expect(reordered.flatMap((p) => p.jobs).filter((j) => j.status === "FAILED").length).toBeGreaterThan(0);
      const listed = async (emu: { port: number }) =>
        (await hbrClient(emu, "ap-southeast-1")("DescribeBackupJobs2", { SourceType: "UDM_ECS", PageSize: 99 })).BackupJobs.BackupJob.map((j: { JobId: string; Status: string }) => `${j.JobId} ${j.Status}`);
      const all = await listed(whole);
      expect(all).toHaveLength(one.reduce((n, p) => n + p.jobs.length, 0));
      expect(await listed(parted)).toEqual(all);
    } finally {
      await parted.stop();
      await whole.stop();
    }
  });

  it("gives the same ids on another emulator, and keeps everything across a restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-emu-bulk-"));
    dirs.push(dataDir);
    const first = await startEmulator({ dataDir, scenario: testScenario() });
    const other = await startTestEmulator();
    let ids: string[];
    let jobsOfFirst: string[];
    try {
      const a = (await post(first, seed)).json.policies;
      const b = (await post(other, seed)).json.policies;
      ids = a.flatMap((p) => [p.policyId, ...p.jobs.map((j) => j.jobId), ...p.jobs.map((j) => j.snapshotId)]);
      jobsOfFirst = a[0]!.jobs.filter((j) => j.instanceId === "i-apsoutblk00001").map((j) => j.jobId);
      expect(b.flatMap((p) => [p.policyId, ...p.jobs.map((j) => j.jobId), ...p.jobs.map((j) => j.snapshotId)])).toEqual(ids);
    } finally {
      await other.stop();
      await first.stop();
    }
    const second = await startEmulator({ dataDir, scenario: testScenario() });
    try {
      const hbr = hbrClient(second, "ap-southeast-1");
      const jobs = (await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", PageSize: 99, "Filters.1.Key": "InstanceId", "Filters.1.Operator": "IN", "Filters.1.Values.1": "i-apsoutblk00001" })).BackupJobs.BackupJob;
      expect(jobs.map((j: { JobId: string }) => j.JobId).sort()).toEqual(jobsOfFirst.sort());
      expect((await admin(second, "regions", "GET")).regions.find((r: { regionId: string }) => r.regionId === "ap-southeast-1").instanceCount).toBeGreaterThanOrEqual(5);
    } finally {
      await second.stop();
    }
  });
});
