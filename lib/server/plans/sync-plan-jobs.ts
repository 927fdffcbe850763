import "server-only";
import { randomUUID } from "node:crypto";
import { awaitsBackupPoint, isFinishedJobStatus, isSucceededJobStatus } from "@/lib/schemas/backup-point";
import { consistencyLevelOf, type ConsistencyLevel } from "@/lib/schemas/plan";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import type { HbrClient } from "@/lib/server/cloud/hbr/hbr-client";
import type { HbrBackupJob } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { Prisma } from "@/generated/prisma/client";
import { FINISHED_JOB_STATUSES, SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";

// Follows a plan's backup jobs in HBR: status, progress (0–10000), bytes, and once a job is done the
// consistency its snapshot reached (Detail.ConsistentLevel + DowngradeReason) and the replica region, recorded
// in the same write as the finished status. The cadence is in lib/schemas/backup-point.ts.

export const isTerminalJobStatus = isFinishedJobStatus;

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(", ");
/**
 * A job the syncs still follow: unfinished, or succeeded with its backup point not read yet. Literal SQL, the same
 * predicate as the partial index backup_job_open_planId_idx (migration backup_job_open_index), so PostgreSQL
 * uses it (a bound parameter would not prove the index's predicate).
 */
export const openJobSql = (alias: string) =>
  Prisma.raw(
    `(${alias}."status" NOT IN (${list(FINISHED_JOB_STATUSES)}) OR (${alias}."status" IN (${list(SUCCEEDED_JOB_STATUSES)}) AND ${alias}."consistencyLevel" IS NULL AND ${alias}."consistencyRaw" IS NULL))`,
  );

type JobFields = Pick<HbrBackupJob, "jobId" | "status" | "progress" | "createdTime"> & Partial<HbrBackupJob> & { instanceId: string };

/** What a finished job made: its HBR snapshot, the consistency level it reached, its ECS snapshots. */
interface BackupPoint {
  predictedLevel: string | null;
  consistencyLevel: ConsistencyLevel | null;
  /** HBR's own ConsistentLevel text once settled ("" when absent); null while the level is still looked for. */
  consistencyRaw: string | null;
  downgradeReason: string | null;
  snapshotIds: string[];
  replicaRegionId: string | null;
  hbrSnapshotId: string;
  snapshotBytes: bigint | null;
  expiresAt: Date | null;
  tagConsistency: ConsistencyLevel | null;
}

/**
 * Records (or refreshes) one cloud job of a plan; idempotent on the cloud job id. A finished job's backup point
 * goes in the same write, so no reader sees the job finished without the consistency it reached.
 */
export async function upsertCloudJob(db: Db, planId: string, job: JobFields, opts: { backupPoint?: BackupPoint } = {}): Promise<void> {
  const data = {
    ...opts.backupPoint,
    status: job.status,
    progress: job.progress ?? 0,
    bytesDone: job.bytesDone ?? null,
    bytesTotal: job.bytesTotal ?? null,
    completedAt: job.completeTime ? new Date(job.completeTime * 1000) : null,
    ...(job.triggerMode ? { triggerMode: job.triggerMode } : {}),
    syncedAt: new Date(),
  };
  await db.backupJob.upsert({
    where: { cloudJobId: job.jobId },
    create: { id: `bjob_${randomUUID()}`, planId, cloudJobId: job.jobId, instanceId: job.instanceId, cloudCreatedAt: new Date(job.createdTime * 1000), snapshotIds: [], ...data },
    update: data,
  });
  if (data.completedAt && isSucceededJobStatus(job.status)) {
    // Monotonic, so two workers syncing the same jobs in any order end with the newest success.
    // rpoDueAt follows the same rule as rpoDueAt() in lib/schemas/rpo.ts: max(last success, start) + 1.5 intervals.
    await db.$executeRaw`
      UPDATE "plan" SET "lastSuccessAt" = GREATEST(COALESCE("lastSuccessAt", ${data.completedAt}), ${data.completedAt}),
        "rpoDueAt" = CASE WHEN "rpoIntervalS" IS NULL THEN NULL
          ELSE GREATEST(COALESCE("lastSuccessAt", ${data.completedAt}), ${data.completedAt}, "rpoStartAt") + make_interval(secs => 1.5 * "rpoIntervalS") END
      WHERE "id" = ${planId}`;
  }
}

/** The id of the instance's backup job named `jobName` (the marker of a job the console created), if HBR has it. */
export async function findJobByName(hbr: HbrClient, instanceId: string, jobName: string): Promise<string | null> {
  for (let page = 1; ; page++) {
    const res = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageNumber: page, pageSize: 99, filters: [{ key: "InstanceId", values: [instanceId] }] });
    const hit = res.backupJobs.backupJob.find((j) => j.jobName === jobName);
    if (hit) return hit.jobId;
    if (page * 99 >= res.totalCount) return null;
  }
}


/** HBR reports ActualBytes as a string on snapshots (a number on jobs). */
function snapshotBytesOf(actual: string | undefined, total: number | undefined): bigint | null {
  if (actual && /^\d+$/.test(actual)) return BigInt(actual);
  return total === undefined ? null : BigInt(total);
}

/**
 * The level the ECS snapshots' own tags report: APPConsistent=True on every disk's snapshot → application,
 * FsConsistent=True (or APPConsistent on some disks only) → file system, neither → crash.
 */
export async function tagConsistencyOf(cloud: CloudClients, regionId: string, snapshotIds: string[]): Promise<ConsistencyLevel | null> {
  const res = await cloud.ecs(regionId).describeSnapshots(
    new $Ecs.DescribeSnapshotsRequest({ regionId, snapshotIds: JSON.stringify(snapshotIds), maxResults: 100 }),
  );
  const snaps = res.body?.snapshots?.snapshot ?? [];
  if (snaps.length === 0) return null; // gone already (retention): unknown, not crash consistent
  const has = (key: string) => (s: (typeof snaps)[number]) => (s.tags?.tag ?? []).some((t) => t.tagKey === key && t.tagValue === "True");
  if (snaps.length && snaps.every(has("APPConsistent"))) return "APPLICATION";
  if (snaps.some(has("FsConsistent")) || snaps.some(has("APPConsistent"))) return "FILE_SYSTEM";
  return "CRASH";
}

/**
 * The level a backup point reached: HBR's `Detail.ConsistentLevel` when it is a level the console knows; else what
 * the ECS snapshot tags positively say (APPConsistent / FsConsistent); else null, unknown (never guessed as CRASH).
 */
export function reachedLevelOf(hbrLevel: unknown, tagLevel: ConsistencyLevel | null): ConsistencyLevel | null {
  return consistencyLevelOf(hbrLevel) ?? (tagLevel === "APPLICATION" || tagLevel === "FILE_SYSTEM" ? tagLevel : null);
}

/** One sync pass; returns whether any of the plan's jobs is still running. */
export async function syncPlanJobs(deps: { db: Db; cloud: CloudClients }, planId: string): Promise<boolean> {
  const plan = await deps.db.plan.findUnique({ where: { id: planId }, include: { jobs: true } });
  if (!plan) return false;
  const open = plan.jobs.filter((j) => !isTerminalJobStatus(j.status) || awaitsBackupPoint(j));
  if (!open.length) return false;
  const hbr = deps.cloud.hbr(plan.regionId);
  const res = await hbr.describeBackupJobs2({
    sourceType: "UDM_ECS",
    pageSize: 99,
    filters: [{ key: "JobId", values: open.map((j) => j.cloudJobId), operator: "IN" }],
  });
  let running = false;
  for (const cloudJob of res.backupJobs.backupJob) {
    const mine = open.find((j) => j.cloudJobId === cloudJob.jobId);
    if (!mine) continue;
    const job = { ...cloudJob, instanceId: mine.instanceId ?? cloudJob.instanceId ?? "" };
    if (!isTerminalJobStatus(cloudJob.status) || cloudJob.status === "FAILED" || cloudJob.status === "CANCELED") {
      await upsertCloudJob(deps.db, planId, job);
      running ||= !isTerminalJobStatus(cloudJob.status);
      continue;
    }
    const created = cloudJob.createdTime;
    const snaps = await hbr.describeUdmSnapshots({
      sourceType: "UDM_ECS",
      udmRegionId: plan.regionId,
      startTime: created - 3600,
      endTime: Math.floor(Date.now() / 1000) + 3600,
      instanceId: mine.instanceId ?? undefined,
      jobId: cloudJob.jobId,
    });
    const snap = snaps.snapshots.find((s) => s.jobId === cloudJob.jobId) ?? snaps.snapshots[0];
    if (!snap) {
      // HBR lists the snapshot a little after the job: the job is recorded finished, its backup point is looked
      // for again on the next pass, for a while.
      await upsertCloudJob(deps.db, planId, job);
      const completedAt = cloudJob.completeTime ? new Date(cloudJob.completeTime * 1000) : null;
      running ||= awaitsBackupPoint({ status: cloudJob.status, consistencyLevel: null, completedAt });
      continue;
    }
    const detail = cloudJob.detail;
    const nativeIds = snap.detail?.nativeSnapshotIdList?.length ? snap.detail.nativeSnapshotIdList : snap.nativeSnapshotId ? [snap.nativeSnapshotId] : [];
    // The level the checklist predicted for the instance, kept with the job (in the same write as the level reached)
    // so a different outcome is flagged.
    const predictedLevel =
      mine.predictedLevel ??
      (mine.instanceId
        ? ((await deps.db.planInstance.findUnique({ where: { planId_instanceId: { planId, instanceId: mine.instanceId } }, select: { predictedLevel: true } }))?.predictedLevel ?? null)
        : null);
    // A cross-check of HBR's own report, and the level when HBR's is unknown: when ECS cannot be read now, the
    // level HBR reported still lands.
    let tagsUnread = false;
    const tagConsistency = nativeIds.length
      ? await tagConsistencyOf(deps.cloud, plan.regionId, nativeIds).catch(() => {
          tagsUnread = true;
          return null;
        })
      : null;
    const reported = snap.detail?.consistentLevel;
    const level = reachedLevelOf(reported, tagConsistency);
    // An unknown HBR level is settled as unknown only once the tags were read too; otherwise the next pass asks again.
    const isSettled = level !== null || !tagsUnread;
    if (!isSettled) running = true;
    await upsertCloudJob(deps.db, planId, job, {
      backupPoint: {
        predictedLevel,
        consistencyLevel: level,
        consistencyRaw: !isSettled ? null : typeof reported === "string" ? reported : reported === undefined || reported === null ? "" : JSON.stringify(reported),
        downgradeReason: snap.detail?.downgradeReason || null,
        snapshotIds: nativeIds.length ? nativeIds : [snap.snapshotId],
        replicaRegionId: detail?.doCopy ? plan.replicationRegionId : null,
        hbrSnapshotId: snap.snapshotId,
        snapshotBytes: snapshotBytesOf(snap.actualBytes, snap.bytesTotal),
        expiresAt: snap.expireTime ? new Date(snap.expireTime * 1000) : null,
        tagConsistency,
      },
    });
  }
  return running;
}
