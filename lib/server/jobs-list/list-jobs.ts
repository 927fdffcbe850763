import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { auditRangeEnd, auditRangeStart } from "@/lib/schemas/audit";
import type { JobFilters, JobList, JobListQuery, JobRow } from "@/lib/schemas/jobs";
import { consistencyLevelOf } from "@/lib/schemas/plan";
import type { Db } from "@/lib/server/db/client";
import { JOBS_CSV_HEADER, jobCsvRow, toCsv } from "@/lib/server/plans/export-plan";

// Every plan's backup jobs in one list (GET /api/jobs) and as CSV (GET /api/jobs/export), newest first by the time
// HBR created the job: backup_job's index on cloudCreatedAt serves the order and the time range.

/** At most this many jobs (the newest) go into one CSV export. */
export const JOBS_EXPORT_MAX_ROWS = 10_000;

function whereOf(filters: JobFilters): Prisma.BackupJobWhereInput {
  const created: Prisma.DateTimeFilter = {};
  if (filters.from) created.gte = auditRangeStart(filters.from);
  if (filters.to) created.lt = auditRangeEnd(filters.to);
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.planId ? { planId: filters.planId } : {}),
    ...(filters.regionId ? { plan: { regionId: filters.regionId } } : {}),
    ...(filters.instanceId ? { instanceId: filters.instanceId } : {}),
    ...(filters.consistency ? { consistencyLevel: filters.consistency === "unknown" ? null : filters.consistency } : {}),
    ...(filters.from || filters.to ? { cloudCreatedAt: created } : {}),
  };
}

const ORDER: Prisma.BackupJobOrderByWithRelationInput[] = [{ cloudCreatedAt: "desc" }, { id: "desc" }];
const INCLUDE = { plan: { select: { id: true, name: true, regionId: true } } } as const;
type Row = Prisma.BackupJobGetPayload<{ include: typeof INCLUDE }>;

function rowOf(j: Row): JobRow {
  const level = consistencyLevelOf(j.consistencyLevel);
  return {
    planId: j.plan.id,
    planName: j.plan.name,
    regionId: j.plan.regionId,
    jobId: j.cloudJobId,
    instanceId: j.instanceId,
    status: j.status,
    progress: j.progress,
    bytesDone: j.bytesDone === null ? null : Number(j.bytesDone),
    bytesTotal: j.bytesTotal === null ? null : Number(j.bytesTotal),
    consistencyLevel: level,
    consistencyRaw: level ? null : j.consistencyRaw,
    downgradeReason: j.downgradeReason,
    snapshotIds: j.snapshotIds,
    replicaRegionId: j.replicaRegionId,
    hbrSnapshotId: j.hbrSnapshotId,
    snapshotBytes: j.snapshotBytes === null ? null : Number(j.snapshotBytes),
    expiresAt: j.expiresAt?.toISOString() ?? null,
    tagConsistencyLevel: consistencyLevelOf(j.tagConsistency),
    predictedLevel: consistencyLevelOf(j.predictedLevel),
    triggerMode: j.triggerMode,
    createdAt: j.cloudCreatedAt.toISOString(),
    completedAt: j.completedAt?.toISOString() ?? null,
  };
}

/** One page of backup jobs across all plans, newest first, filtered by status, region, plan, instance, level and time. */
export async function listJobs(db: Db, query: JobListQuery): Promise<JobList> {
  const where = whereOf(query);
  const [rows, total] = await db.$transaction([
    db.backupJob.findMany({ where, orderBy: ORDER, skip: (query.page - 1) * query.pageSize, take: query.pageSize, include: INCLUDE }),
    db.backupJob.count({ where }),
  ]);
  return { jobs: rows.map(rowOf), total, page: query.page, pageSize: query.pageSize };
}

export const JOBS_LIST_CSV_HEADER = ["Plan ID", "Plan name", "Region", ...JOBS_CSV_HEADER] as const;

/** The jobs the filters match (the newest JOBS_EXPORT_MAX_ROWS) as RFC 4180 CSV with a header row. */
export async function jobsListCsv(db: Db, filters: JobFilters): Promise<string> {
  const rows = await db.backupJob.findMany({ where: whereOf(filters), orderBy: ORDER, take: JOBS_EXPORT_MAX_ROWS, include: INCLUDE });
  return toCsv([JOBS_LIST_CSV_HEADER, ...rows.map(rowOf).map((j) => [j.planId, j.planName, j.regionId, ...jobCsvRow(j)])]);
}
