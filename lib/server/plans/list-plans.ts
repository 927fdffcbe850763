import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { PlanListQuery, PlanSummary } from "@/lib/schemas/plan";
import type { Db } from "@/lib/server/db/client";
import { toPlanSummary } from "@/lib/server/plans/plan-dto";

/** Breached: an active, unpaused plan with a known cadence whose due moment passed (see dashboard/rpo.ts). */
export function rpoWhere(rpo: PlanListQuery["rpo"], now: Date): Prisma.PlanWhereInput {
  if (rpo === undefined) return {};
  return rpo === "breached" ? { status: "active", paused: false, rpoDueAt: { lt: now } } : { status: "active", paused: false, rpoDueAt: { gte: now } };
}

export async function listPlans(db: Db, q: PlanListQuery, now = new Date()): Promise<{ plans: PlanSummary[]; total: number; page: number; pageSize: number }> {
  const where: Prisma.PlanWhereInput = {
    regionId: q.regionId,
    status: q.status,
    mode: q.mode,
    appConsistent: q.appConsistent === undefined ? undefined : q.appConsistent === "true",
    replicationRegionId: q.replication === undefined ? undefined : q.replication === "true" ? { not: null } : null,
    paused: q.paused === undefined ? undefined : q.paused === "true",
    AND: [rpoWhere(q.rpo, now)],
    ...(q.q
      ? {
          OR: [
            { name: { contains: q.q, mode: "insensitive" } },
            { id: q.q },
            { instances: { some: { OR: [{ instanceId: q.q }, { instanceName: { contains: q.q, mode: "insensitive" } }] } } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.plan.findMany({
      where,
      orderBy: [{ [q.sort]: q.order }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { _count: { select: { instances: true } } },
    }),
    db.plan.count({ where }),
  ]);
  return { plans: rows.map((r) => toPlanSummary(r, r._count.instances)), total, page: q.page, pageSize: q.pageSize };
}
