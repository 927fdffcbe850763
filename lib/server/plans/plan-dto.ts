import "server-only";
import { isSucceededJobStatus } from "@/lib/schemas/backup-point";
import { consistencyLevelOf, createPlanSchema, planDetailSchema, type ConsistencyLevel, type PlanAction, type PlanDetail, type PlanJob, type PlanSummary } from "@/lib/schemas/plan";
import type { BackupJob, Prisma } from "@/generated/prisma/client";
import { cloudErrorOf } from "@/lib/server/cloud/cloud-error";

const DETAIL_JOBS = 500;

export const planDetailInclude = {
  instances: { orderBy: { instanceName: "asc" } },
  steps: { orderBy: { seq: "asc" } },
  // The newest jobs: enough for the page (and for each instance's last backup) without loading years of history.
  jobs: { orderBy: { cloudCreatedAt: "desc" }, take: DETAIL_JOBS },
  actions: { orderBy: { createdAt: "desc" }, take: 10, include: { requestedBy: { select: { email: true } } } },
  createdBy: { select: { email: true } },
} satisfies Prisma.PlanInclude;

type PlanActionRow = Prisma.PlanActionGetPayload<{ include: { requestedBy: { select: { email: true } } } }>;

/** The plan columns a summary is made of (the list reads only these: `config` alone is most of a plan row). */
export const PLAN_SUMMARY_COLUMNS = ["id", "name", "regionId", "mode", "scheduleKind", "status", "appConsistent", "replicationRegionId", "paused", "rpoDueAt", "lastSuccessAt", "lastError", "createdAt", "updatedAt"] as const;
type PlanRow = Pick<Prisma.PlanGetPayload<object>, (typeof PLAN_SUMMARY_COLUMNS)[number]>;
type PlanDetailRow = Prisma.PlanGetPayload<{ include: typeof planDetailInclude }>;


/** Breached: active, not paused, with a known cadence, and past the due moment (see lib/schemas/rpo.ts). */
function rpoBreachedOf(row: PlanRow, now: Date): boolean | null {
  if (!row.rpoDueAt) return null;
  return row.status === "active" && !row.paused && row.rpoDueAt < now;
}

export function toPlanAction(a: PlanActionRow): PlanAction {
  return {
    id: a.id,
    planId: a.planId,
    kind: a.kind as PlanAction["kind"],
    status: a.status as PlanAction["status"],
    done: a.done,
    total: a.total,
    jobIds: a.jobIds,
    lastError: cloudErrorOf(a.lastError),
    requestedBy: a.requestedBy?.email ?? null,
    createdAt: a.createdAt.toISOString(),
    finishedAt: a.finishedAt?.toISOString() ?? null,
  };
}

export const OPEN_ACTION_STATUSES = ["pending", "running"];

export function toPlanSummary(row: PlanRow, instanceCount: number, hasOpenAction: boolean, now = new Date()): PlanSummary {
  return {
    id: row.id,
    name: row.name,
    regionId: row.regionId,
    mode: row.mode as PlanSummary["mode"],
    scheduleKind: row.scheduleKind as PlanSummary["scheduleKind"],
    status: row.status as PlanSummary["status"],
    instanceCount,
    appConsistent: row.appConsistent,
    replicationRegionId: row.replicationRegionId,
    paused: row.paused,
    rpoBreached: rpoBreachedOf(row, now),
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    hasOpenAction,
    lastError: cloudErrorOf(row.lastError),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toPlanDetail(row: PlanDetailRow): PlanDetail {
  // Jobs are newest first: the first success seen per instance is its last backup.
  const lastBackup = new Map<string, { at: Date; level: ConsistencyLevel | null }>();
  for (const j of row.jobs) {
    if (!j.instanceId || !j.completedAt || !isSucceededJobStatus(j.status) || lastBackup.has(j.instanceId)) continue;
    lastBackup.set(j.instanceId, { at: j.completedAt, level: consistencyLevelOf(j.consistencyLevel) });
  }
  return planDetailSchema.parse({
    ...toPlanSummary(row, row.instances.length, row.actions.some((a) => OPEN_ACTION_STATUSES.includes(a.status))),
    config: createPlanSchema.parse(row.config),
    retentionDays: row.retentionDays,
    replicationRetentionDays: row.replicationRetentionDays,
    policyId: row.policyId,
    rpoDueAt: row.rpoDueAt?.toISOString() ?? null,
    actions: row.actions.map(toPlanAction),
    createdBy: row.createdBy?.email ?? null,
    instances: row.instances.map((i) => ({
      instanceId: i.instanceId,
      instanceName: i.instanceName,
      osName: i.osName,
      osType: i.osType,
      protectAllDisks: i.protectAllDisks,
      diskIds: i.diskIds,
      snapshotGroup: i.snapshotGroup,
      lastBackupAt: lastBackup.get(i.instanceId)?.at.toISOString() ?? null,
      lastConsistencyLevel: lastBackup.get(i.instanceId)?.level ?? null,
    })),
    steps: row.steps.map((s) => ({
      id: s.id,
      seq: s.seq,
      action: s.action,
      target: s.target,
      status: s.status,
      cloudId: s.cloudId,
      attempts: s.attempts,
      lastError: cloudErrorOf(s.lastError),
      updatedAt: s.updatedAt.toISOString(),
    })),
    jobs: row.jobs.map(planJobOf),
  });
}

/** A backup job row as the plan page, the Jobs page and the CSV exports show it. */
export function planJobOf(j: BackupJob): PlanJob {
  const level = consistencyLevelOf(j.consistencyLevel);
  return {
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
