import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { auditRangeEnd, auditRangeStart } from "@/lib/schemas/audit";
import type { JobFilters, JobList, JobListQuery, JobRow, OtherJobRow } from "@/lib/schemas/jobs";
import type { Db } from "@/lib/server/db/client";
import { JOBS_CSV_HEADER, jobCsvRow, toCsv } from "@/lib/server/plans/export-plan";
import { planJobOf } from "@/lib/server/plans/plan-dto";

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
  return { type: "backup", planId: j.plan.id, planName: j.plan.name, regionId: j.plan.regionId, ...planJobOf(j) };
}

// ---- Restores and drills: their own tables, no relation to the plan (a restore outlives its plan) ----

function createdRange(filters: JobFilters): Prisma.DateTimeFilter | undefined {
  if (!filters.from && !filters.to) return undefined;
  return { ...(filters.from ? { gte: auditRangeStart(filters.from) } : {}), ...(filters.to ? { lt: auditRangeEnd(filters.to) } : {}) };
}

async function planNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const plans = await db.plan.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(plans.map((p) => [p.id, p.name]));
}

async function listOthers(db: Db, filters: JobFilters, skip: number, take: number): Promise<{ rows: OtherJobRow[]; total: number }> {
  const createdAt = createdRange(filters);
  if (filters.type === "restore") {
    const where: Prisma.RestoreWhereInput = {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.planId ? { planId: filters.planId } : {}),
      ...(filters.regionId ? { sourceRegionId: filters.regionId } : {}),
      ...(filters.instanceId ? { sourceInstanceId: filters.instanceId } : {}),
      ...(createdAt ? { createdAt } : {}),
    };
    const [rows, total] = await db.$transaction([db.restore.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take }), db.restore.count({ where })]);
    const names = await planNames(db, rows.map((r) => r.planId));
    return {
      total,
      rows: rows.map((r) => ({
        type: "restore", jobId: r.id, status: r.status, progress: r.progress, regionId: r.sourceRegionId, planId: r.planId, planName: names.get(r.planId) ?? null,
        instanceId: r.sourceInstanceId, createdAt: r.createdAt.toISOString(), completedAt: r.finishedAt?.toISOString() ?? null,
      })),
    };
  }
  const where: Prisma.DrillRunWhereInput = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.planId ? { planId: filters.planId } : {}),
    ...(filters.regionId ? { regionId: filters.regionId } : {}),
    ...(filters.instanceId ? { instanceId: filters.instanceId } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
  const [rows, total] = await db.$transaction([db.drillRun.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take }), db.drillRun.count({ where })]);
  const names = await planNames(db, rows.map((r) => r.planId));
  return {
    total,
    rows: rows.map((r) => ({
      type: "drill", jobId: r.id, status: r.status, progress: null, regionId: r.regionId, planId: r.planId, planName: names.get(r.planId) ?? null,
      instanceId: r.instanceId, createdAt: r.createdAt.toISOString(), completedAt: r.finishedAt?.toISOString() ?? null,
    })),
  };
}

/** One page of backup jobs (or restores, or drills) across all plans, newest first, filtered by status, region, plan, instance, level and time. */
export async function listJobs(db: Db, query: JobListQuery): Promise<JobList> {
  if (query.type && query.type !== "backup") {
    const { rows, total } = await listOthers(db, query, (query.page - 1) * query.pageSize, query.pageSize);
    return { jobs: rows, total, page: query.page, pageSize: query.pageSize };
  }
  const where = whereOf(query);
  const [rows, total] = await db.$transaction([
    db.backupJob.findMany({ where, orderBy: ORDER, skip: (query.page - 1) * query.pageSize, take: query.pageSize, include: INCLUDE }),
    db.backupJob.count({ where }),
  ]);
  return { jobs: rows.map(rowOf), total, page: query.page, pageSize: query.pageSize };
}

export const OTHER_JOBS_CSV_HEADER = ["Type", "ID", "Status", "Progress (%)", "Region", "Plan ID", "Plan name", "Instance ID", "Created at (UTC)", "Completed at (UTC)"] as const;
export const JOBS_LIST_CSV_HEADER = ["Plan ID", "Plan name", "Region", ...JOBS_CSV_HEADER] as const;

/** The jobs the filters match (the newest JOBS_EXPORT_MAX_ROWS) as RFC 4180 CSV with a header row. */
export async function jobsListCsv(db: Db, filters: JobFilters): Promise<string> {
  if (filters.type && filters.type !== "backup") {
    const { rows } = await listOthers(db, filters, 0, JOBS_EXPORT_MAX_ROWS);
    return toCsv([
      OTHER_JOBS_CSV_HEADER,
      ...rows.map((r) => [r.type, r.jobId, r.status, r.progress === null ? "" : String(r.progress), r.regionId, r.planId, r.planName ?? "", r.instanceId, r.createdAt, r.completedAt ?? ""]),
    ]);
  }
  const rows = await db.backupJob.findMany({ where: whereOf(filters), orderBy: ORDER, take: JOBS_EXPORT_MAX_ROWS, include: INCLUDE });
  return toCsv([JOBS_LIST_CSV_HEADER, ...rows.map(rowOf).map((j) => [j.planId, j.planName, j.regionId, ...jobCsvRow(j)])]);
}
