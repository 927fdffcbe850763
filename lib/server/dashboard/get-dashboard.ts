import "server-only";
import { createPlanSchema, planStatuses, type PlanStatus } from "@/lib/schemas/plan";
import type { Dashboard } from "@/lib/schemas/dashboard";
import type { Db } from "@/lib/server/db/client";
import { isRpoBreached, rpoScheduleOf } from "@/lib/server/dashboard/rpo";

const DAY_MS = 86_400_000;
const DAYS = 30;
const SUCCESS = ["COMPLETE", "PARTIAL_COMPLETE"];
const FAILURE = ["FAILED"];

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The dashboard's figures for one region (or all), from the plans and the jobs the worker synced. */
export async function getDashboard(db: Db, regionId: string | undefined, now = new Date()): Promise<Dashboard> {
  const planWhere = regionId ? { regionId } : {};
  const since30 = new Date(now.getTime() - DAYS * DAY_MS);
  const since24h = new Date(now.getTime() - DAY_MS);

  const [byStatus, protectedRows, recentJobs, finishedJobs, scheduled] = await Promise.all([
    db.plan.groupBy({ by: ["status"], where: planWhere, _count: { _all: true } }),
    db.planInstance.findMany({ where: { plan: { ...planWhere, status: "active" } }, select: { instanceId: true }, distinct: ["instanceId"] }),
    db.backupJob.groupBy({ by: ["status"], where: { plan: planWhere, cloudCreatedAt: { gte: since24h } }, _count: { _all: true } }),
    db.backupJob.findMany({
      where: { plan: planWhere, OR: [{ completedAt: { gte: since30 } }, { status: { in: FAILURE }, cloudCreatedAt: { gte: since30 } }] },
      select: { status: true, consistencyLevel: true, completedAt: true, cloudCreatedAt: true },
    }),
    db.plan.findMany({
      where: { ...planWhere, status: "active", mode: "auto", scheduleKind: { in: ["newPolicy", "plan"] } },
      select: { config: true, createdAt: true, jobs: { where: { status: { in: SUCCESS } }, select: { completedAt: true } } },
    }),
  ]);

  const plansByStatus = Object.fromEntries(planStatuses.map((s) => [s, 0])) as Record<PlanStatus, number>;
  for (const row of byStatus) plansByStatus[row.status as PlanStatus] = row._count._all;

  const jobsLast24h = { succeeded: 0, failed: 0, running: 0 };
  for (const row of recentJobs) {
    if (SUCCESS.includes(row.status)) jobsLast24h.succeeded += row._count._all;
    else if (FAILURE.includes(row.status) || row.status === "CANCELED" || row.status === "EXPIRED") jobsLast24h.failed += row._count._all;
    else jobsLast24h.running += row._count._all;
  }

  const days = Array.from({ length: DAYS }, (_, i) => dayOf(new Date(now.getTime() - (DAYS - 1 - i) * DAY_MS)));
  const perDay = new Map(days.map((d) => [d, { date: d, APPLICATION: 0, FILE_SYSTEM: 0, CRASH: 0, FAILED: 0 }]));
  let application = 0;
  let finished = 0;
  for (const j of finishedJobs) {
    if (FAILURE.includes(j.status)) {
      const bucket = perDay.get(dayOf(j.cloudCreatedAt));
      if (bucket) bucket.FAILED++;
      continue;
    }
    if (!SUCCESS.includes(j.status) || !j.completedAt) continue;
    finished++;
    const level = (j.consistencyLevel ?? "CRASH") as "APPLICATION" | "FILE_SYSTEM" | "CRASH";
    if (level === "APPLICATION") application++;
    const bucket = perDay.get(dayOf(j.completedAt));
    if (bucket) bucket[level]++;
  }

  const rpoPlans = scheduled.flatMap((p) => {
    const schedule = rpoScheduleOf(createPlanSchema.parse(p.config));
    return schedule ? [{ schedule, createdAt: p.createdAt.getTime(), successes: p.jobs.flatMap((j) => (j.completedAt ? [j.completedAt.getTime()] : [])) }] : [];
  });
  const breachesAt = (atMs: number) => rpoPlans.filter((p) => p.createdAt <= atMs && isRpoBreached(p.schedule, p.successes, atMs)).length;
  const rpoBreachesPerDay = days.map((date) => {
    const endOfDay = Math.min(Date.parse(`${date}T23:59:59Z`), now.getTime());
    return { date, breaches: breachesAt(endOfDay) };
  });

  return {
    regionId: regionId ?? null,
    plansByStatus,
    totalPlans: Object.values(plansByStatus).reduce((a, b) => a + b, 0),
    protectedInstances: protectedRows.length,
    jobsLast24h,
    appConsistentLast30d: { application, finished, share: finished ? application / finished : null },
    rpoBreaches: breachesAt(now.getTime()),
    backupsPerDay: [...perDay.values()],
    rpoBreachesPerDay,
    generatedAt: now.toISOString(),
  };
}
