import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { consistencyLevelOf } from "@/lib/schemas/plan";
import type { BackupPoint, BackupPointListQuery } from "@/lib/schemas/restore";
import { SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";

// Backup points the console knows: its own backup_job rows that made an HBR snapshot (hbrSnapshotId) and have not
// expired. The disks each one holds are read from ECS (the source disk of each of the job's native snapshots);
// when ECS cannot be read, the plan's own disk list stands in.

export const BACKUP_POINT_LIST_LIMIT = 100;

const include = {
  plan: { select: { name: true, regionId: true, instances: { select: { instanceId: true, instanceName: true, diskIds: true, protectAllDisks: true } } } },
} satisfies Prisma.BackupJobInclude;
type JobRow = Prisma.BackupJobGetPayload<{ include: typeof include }>;

const usable = (now: Date): Prisma.BackupJobWhereInput => ({
  hbrSnapshotId: { not: null },
  status: { in: [...SUCCEEDED_JOB_STATUSES] },
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/** ECS snapshot id → the disk it was taken of, for every snapshot ECS still has in the region. */
async function sourceDisksOf(cloud: CloudClients, regionId: string, snapshotIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(snapshotIds)];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const res = await cloud.ecs(regionId).describeSnapshots(new $Ecs.DescribeSnapshotsRequest({ regionId, snapshotIds: JSON.stringify(chunk), maxResults: 100 }));
    for (const s of res.body?.snapshots?.snapshot ?? []) if (s.snapshotId && s.sourceDiskId) out.set(s.snapshotId, s.sourceDiskId);
  }
  return out;
}

function toBackupPoint(j: JobRow, disks: Map<string, string> | null): BackupPoint {
  const member = j.plan.instances.find((i) => i.instanceId === j.instanceId);
  const fromSnapshots = disks ? [...new Set(j.snapshotIds.map((s) => disks.get(s)).filter((d): d is string => Boolean(d)))] : [];
  return {
    backupJobId: j.id,
    planId: j.planId,
    planName: j.plan.name,
    instanceId: j.instanceId ?? "",
    instanceName: member?.instanceName ?? null,
    regionId: j.plan.regionId,
    hbrSnapshotId: j.hbrSnapshotId!,
    createdAt: j.cloudCreatedAt.toISOString(),
    expiresAt: j.expiresAt?.toISOString() ?? null,
    consistencyLevel: consistencyLevelOf(j.consistencyLevel),
    downgradeReason: j.downgradeReason,
    replicaRegionId: j.replicaRegionId,
    diskIds: fromSnapshots.length ? fromSnapshots : (member?.diskIds ?? []),
  };
}

async function withDisks(cloud: CloudClients, rows: JobRow[]): Promise<BackupPoint[]> {
  const byRegion = new Map<string, string[]>();
  for (const r of rows) byRegion.set(r.plan.regionId, [...(byRegion.get(r.plan.regionId) ?? []), ...r.snapshotIds]);
  const disks = new Map<string, string>();
  let isRead = true;
  for (const [regionId, ids] of byRegion) {
    try {
      for (const [k, v] of await sourceDisksOf(cloud, regionId, ids)) disks.set(k, v);
    } catch {
      isRead = false;
    }
  }
  return rows.map((r) => toBackupPoint(r, isRead || disks.size ? disks : null));
}

/** Up to 100 backup points, newest first, filtered by instance, plan and the plan's region. */
export async function listBackupPoints(deps: { db: Db; cloud: CloudClients }, query: BackupPointListQuery): Promise<{ items: BackupPoint[]; total: number }> {
  const where: Prisma.BackupJobWhereInput = {
    ...usable(new Date()),
    ...(query.instanceId ? { instanceId: query.instanceId } : {}),
    ...(query.planId ? { planId: query.planId } : {}),
    ...(query.regionId ? { plan: { regionId: query.regionId } } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.db.backupJob.findMany({ where, include, orderBy: [{ cloudCreatedAt: "desc" }, { id: "desc" }], take: BACKUP_POINT_LIST_LIMIT }),
    deps.db.backupJob.count({ where }),
  ]);
  return { items: await withDisks(deps.cloud, rows), total };
}

/**
 * One usable backup point, or a 422 on `backupJobId` (unknown, no backup point, expired). Its disks come from ECS;
 * a cloud error propagates (the caller decides what it means).
 */
export async function getBackupPointOrThrow(deps: { db: Db; cloud: CloudClients }, backupJobId: string): Promise<BackupPoint> {
  const row = await deps.db.backupJob.findUnique({ where: { id: backupJobId }, include });
  const refuse = (message: string) => new ApiError("VALIDATION_FAILED", message, { fieldErrors: { backupJobId: [message] } });
  if (!row || !row.hbrSnapshotId || !row.instanceId) throw refuse("No such backup point. It may have been deleted with its plan.");
  if (!SUCCEEDED_JOB_STATUSES.includes(row.status as (typeof SUCCEEDED_JOB_STATUSES)[number])) throw refuse("This backup did not finish, so it has no backup point.");
  if (row.expiresAt && row.expiresAt <= new Date()) throw refuse(`This backup point expired on ${row.expiresAt.toISOString()}.`);
  const disks = row.snapshotIds.length ? await sourceDisksOf(deps.cloud, row.plan.regionId, row.snapshotIds) : new Map<string, string>();
  return toBackupPoint(row, disks);
}
