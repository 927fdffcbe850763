import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db/client";
import { upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";

// plan_instance keeps each instance's newest finished job and newest successful job with a known level (what the
// alert rules read) through every kind of write to backup_job: the sync's upserts, inserts out of order, an update
// that reorders jobs, a delete, and concurrent writers. Checked against the same answer read from backup_job itself.

const db = () => getDb();
const uid = () => randomUUID().replaceAll("-", "").slice(0, 12);

async function planWith(instances: string[]) {
  const id = `plan_${uid()}`;
  await db().plan.create({
    data: {
      id, name: id, regionId: "ap-southeast-1", mode: "auto", scheduleKind: "newPolicy", status: "active", config: {}, appConsistent: true,
      instances: { create: instances.map((i) => ({ id: `pin_${uid()}`, instanceId: i, instanceName: i, osType: "linux", osName: "CentOS", protectAllDisks: true, diskIds: [] })) },
    },
  });
  return id;
}

/** What plan_instance says, and what backup_job says, for one instance of a plan. */
async function kept(planId: string, instanceId: string) {
  const pi = await db().planInstance.findUniqueOrThrow({ where: { planId_instanceId: { planId, instanceId } } });
  const newest = await db().backupJob.findFirst({
    where: { planId, instanceId, status: { in: ["COMPLETE", "PARTIAL_COMPLETE", "FAILED"] } },
    orderBy: [{ cloudCreatedAt: "desc" }, { id: "desc" }],
  });
  const leveled = await db().backupJob.findFirst({
    where: { planId, instanceId, status: { in: ["COMPLETE", "PARTIAL_COMPLETE"] }, consistencyLevel: { not: null } },
    orderBy: [{ cloudCreatedAt: "desc" }, { id: "desc" }],
  });
  return {
    kept: { job: pi.lastJobId, status: pi.lastJobStatus, at: pi.lastJobAt, levelJob: pi.lastLevelJobId, level: pi.lastLevel, predicted: pi.lastLevelPredicted, levelAt: pi.lastLevelAt },
    truth: {
      job: newest?.id ?? null, status: newest?.status ?? null, at: newest ? (newest.completedAt ?? newest.cloudCreatedAt) : null,
      levelJob: leveled?.id ?? null, level: leveled?.consistencyLevel ?? null, predicted: leveled?.predictedLevel ?? null, levelAt: leveled ? (leveled.completedAt ?? leveled.cloudCreatedAt) : null,
    },
  };
}

const t = (minutesAgo: number) => Math.floor((Date.now() - minutesAgo * 60_000) / 1000);

describe("each plan instance's newest job", () => {
  it("follows the sync's upserts: running, then finished, failed after succeeded, a level read later", async () => {
    const planId = await planWith(["i-a", "i-b"]);
    const a = (jobId: string, status: string, createdMinAgo: number, done = true) =>
      ({ jobId, status, progress: 10000, createdTime: t(createdMinAgo), instanceId: "i-a", ...(done ? { completeTime: t(createdMinAgo - 1) } : {}) });

    await upsertCloudJob(db(), planId, a("j1", "RUNNING", 60, false));
    expect((await kept(planId, "i-a")).kept.job).toBeNull(); // not finished yet
    await upsertCloudJob(db(), planId, a("j1", "COMPLETE", 60));
    let s = await kept(planId, "i-a");
    expect(s.kept).toEqual(s.truth);
    expect(s.kept).toMatchObject({ status: "COMPLETE", level: null });

    await upsertCloudJob(db(), planId, a("j2", "FAILED", 30));
    s = await kept(planId, "i-a");
    expect(s.kept).toEqual(s.truth);
    expect(s.kept.status).toBe("FAILED");

    // j1's backup point read later: the newest leveled job is j1, the newest finished one still j2.
    await upsertCloudJob(db(), planId, a("j1", "COMPLETE", 60), {
      backupPoint: { predictedLevel: "APPLICATION", consistencyLevel: "CRASH", consistencyRaw: "CRASH", downgradeReason: null, snapshotIds: ["s-1"], replicaRegionId: null, hbrSnapshotId: "s-1", snapshotBytes: null, expiresAt: null, tagConsistency: null },
    });
    s = await kept(planId, "i-a");
    expect(s.kept).toEqual(s.truth);
    expect(s.kept).toMatchObject({ status: "FAILED", level: "CRASH", predicted: "APPLICATION" });
    // An older job arriving late changes nothing; the other instance has nothing.
    await upsertCloudJob(db(), planId, a("j0", "COMPLETE", 90));
    s = await kept(planId, "i-a");
    expect(s.kept).toEqual(s.truth);
    expect(s.kept.status).toBe("FAILED");
    expect((await kept(planId, "i-b")).kept).toEqual((await kept(planId, "i-b")).truth);
  });

  it("follows bulk inserts, an update that reorders jobs, a cancel and a delete", async () => {
    const planId = await planWith(["i-c", "i-d"]);
    const at = (m: number) => new Date(Date.now() - m * 60_000);
    const rows = [
      { id: `bjob_${uid()}`, instanceId: "i-c", status: "COMPLETE", cloudCreatedAt: at(50), consistencyLevel: "APPLICATION" },
      { id: `bjob_${uid()}`, instanceId: "i-c", status: "FAILED", cloudCreatedAt: at(40) },
      { id: `bjob_${uid()}`, instanceId: "i-c", status: "CANCELED", cloudCreatedAt: at(10) },
      { id: `bjob_${uid()}`, instanceId: "i-d", status: "PARTIAL_COMPLETE", cloudCreatedAt: at(20), consistencyLevel: "FILE_SYSTEM", predictedLevel: "APPLICATION" },
    ];
    await db().backupJob.createMany({ data: rows.map((r) => ({ ...r, planId, cloudJobId: `job-${r.id}`, snapshotIds: [], completedAt: r.cloudCreatedAt })) });
    for (const i of ["i-c", "i-d"]) expect((await kept(planId, i)).kept).toEqual((await kept(planId, i)).truth);
    expect((await kept(planId, "i-c")).kept).toMatchObject({ job: rows[1]!.id, status: "FAILED", levelJob: rows[0]!.id });

    // The successful job becomes the newest (as a test or a clock fix may do).
    await db().backupJob.update({ where: { id: rows[0]!.id }, data: { cloudCreatedAt: at(5) } });
    expect((await kept(planId, "i-c")).kept).toMatchObject({ job: rows[0]!.id, status: "COMPLETE" });
    // Deleted: the failed one is the newest again.
    await db().backupJob.delete({ where: { id: rows[0]!.id } });
    const s = await kept(planId, "i-c");
    expect(s.kept).toEqual(s.truth);
    expect(s.kept).toMatchObject({ job: rows[1]!.id, status: "FAILED", levelJob: null });
  });

  it("ends with the newest job when several writers record one instance's jobs at once", async () => {
    const planId = await planWith(["i-e"]);
    const jobs = Array.from({ length: 12 }, (_, n) => ({ jobId: `conc-${planId}-${n}`, status: n % 2 ? "FAILED" : "COMPLETE", progress: 10000, createdTime: t(100 - n), completeTime: t(99 - n), instanceId: "i-e" }));
    await Promise.all(jobs.reverse().map((j) => upsertCloudJob(db(), planId, j)));
    const s = await kept(planId, "i-e");
    expect(s.kept).toEqual(s.truth);
    expect(s.kept.status).toBe("FAILED"); // n = 11
  });
});
