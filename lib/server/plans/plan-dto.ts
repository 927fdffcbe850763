import "server-only";
import { createPlanSchema, planDetailSchema, type PlanDetail, type PlanSummary } from "@/lib/schemas/plan";
import type { Prisma } from "@/generated/prisma/client";

export const planDetailInclude = {
  instances: { orderBy: { instanceName: "asc" } },
  steps: { orderBy: { seq: "asc" } },
  jobs: { orderBy: { cloudCreatedAt: "desc" } },
  createdBy: { select: { email: true } },
} satisfies Prisma.PlanInclude;

type PlanRow = Prisma.PlanGetPayload<{ include: { instances: true } }> | Prisma.PlanGetPayload<object>;
type PlanDetailRow = Prisma.PlanGetPayload<{ include: typeof planDetailInclude }>;

type CloudErrorJson = { code: string; message: string; requestId: string | null };
const cloudErrorOf = (value: unknown): CloudErrorJson | null => {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  return { code: String(v.code ?? "Unknown"), message: String(v.message ?? ""), requestId: v.requestId ? String(v.requestId) : null };
};

export function toPlanSummary(row: PlanRow & { _count?: { instances: number } }, instanceCount: number): PlanSummary {
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
    lastError: cloudErrorOf(row.lastError),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toPlanDetail(row: PlanDetailRow): PlanDetail {
  return planDetailSchema.parse({
    ...toPlanSummary(row, row.instances.length),
    config: createPlanSchema.parse(row.config),
    retentionDays: row.retentionDays,
    replicationRetentionDays: row.replicationRetentionDays,
    policyId: row.policyId,
    createdBy: row.createdBy?.email ?? null,
    instances: row.instances.map((i) => ({
      instanceId: i.instanceId,
      instanceName: i.instanceName,
      osName: i.osName,
      osType: i.osType,
      protectAllDisks: i.protectAllDisks,
      diskIds: i.diskIds,
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
    jobs: row.jobs.map((j) => ({
      jobId: j.cloudJobId,
      instanceId: j.instanceId,
      status: j.status,
      progress: j.progress,
      bytesDone: j.bytesDone === null ? null : Number(j.bytesDone),
      bytesTotal: j.bytesTotal === null ? null : Number(j.bytesTotal),
      consistencyLevel: j.consistencyLevel,
      downgradeReason: j.downgradeReason,
      snapshotIds: j.snapshotIds,
      replicaRegionId: j.replicaRegionId,
      createdAt: j.cloudCreatedAt.toISOString(),
      completedAt: j.completedAt?.toISOString() ?? null,
    })),
  });
}
