import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import { consistencyLevelOf, planStatuses, type PlanStatus } from "@/lib/schemas/plan";
import type { Dashboard } from "@/lib/schemas/dashboard";
import type { Db } from "@/lib/server/db/client";
import { RPO_SLACK } from "@/lib/schemas/rpo";

const DAY_MS = 86_400_000;
const DAYS = 30;
const SUCCESS: string[] = [...SUCCEEDED_JOB_STATUSES];
const FAILURE = ["FAILED"];
const LEVELS = ["APPLICATION", "FILE_SYSTEM", "CRASH"] as const;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

// Dashboards left open poll every 15 s, often many at once: requests for one region share the computation in
// flight, and its answer is reused for REUSE_MS after it (the page shows when the figures were generated).
const REUSE_MS = 5_000;
const inFlight = new WeakMap<Db, Map<string, { answer: Promise<Dashboard>; until: number }>>();

/**
 * The dashboard's figures for one region (or all), from the plans and the jobs the worker synced. Every figure is
 * an aggregate in SQL, so no job row is loaded into JS. `now` (tests) computes as of that moment, alone.
 */
export async function getDashboard(db: Db, regionId: string | undefined, now?: Date): Promise<Dashboard> {
  if (now) return computeDashboard(db, regionId, now);
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map()));
  const key = regionId ?? "";
  const known = running.get(key);
  if (known && known.until > Date.now()) return known.answer;
  const entry = { answer: computeDashboard(db, regionId, new Date()), until: Infinity };
  running.set(key, entry);
  entry.answer.then(
    () => (entry.until = Date.now() + REUSE_MS),
    () => running.get(key) === entry && running.delete(key), // a failed computation is not reused
  );
  return entry.answer;
}

async function computeDashboard(db: Db, regionId: string | undefined, now: Date): Promise<Dashboard> {
  const planWhere = regionId ? { regionId } : {};
  const region = regionId ? Prisma.sql`AND p."regionId" = ${regionId}` : Prisma.empty;
  const since30 = new Date(now.getTime() - DAYS * DAY_MS);
  const since24h = new Date(now.getTime() - DAY_MS);
  const days = Array.from({ length: DAYS }, (_, i) => dayOf(new Date(now.getTime() - (DAYS - 1 - i) * DAY_MS)));
  const dayEnds = days.map((date) => new Date(Math.min(Date.parse(`${date}T23:59:59Z`), now.getTime())));

  const [byStatus, protectedRows, recentJobs, finishedRows, rpoBreaches, breachRows, mismatches, verifiedRows] = await Promise.all([
    db.plan.groupBy({ by: ["status"], where: planWhere, _count: { _all: true } }),
    db.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT i."instanceId")::int AS n FROM "plan_instance" i JOIN "plan" p ON p."id" = i."planId"
      WHERE p."status" = 'active' ${region}`,
    db.$queryRaw<{ status: string; n: number }[]>`
      SELECT j."status", count(*)::int AS n FROM "backup_job" j JOIN "plan" p ON p."id" = j."planId"
      WHERE j."cloudCreatedAt" >= ${since24h} ${region} GROUP BY j."status"`,
    // Backups by the UTC day they finished and the level they reached; failures by the day they started.
    db.$queryRaw<{ day: string; level: string; n: number }[]>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, level, n FROM (
        SELECT j."completedAt"::date AS day, COALESCE(j."consistencyLevel", 'CRASH') AS level, count(*)::int AS n
        FROM "backup_job" j JOIN "plan" p ON p."id" = j."planId"
        WHERE j."status" IN (${Prisma.join(SUCCESS)}) AND j."completedAt" >= ${since30} ${region} GROUP BY 1, 2
        UNION ALL
        SELECT j."cloudCreatedAt"::date, 'FAILED', count(*)::int
        FROM "backup_job" j JOIN "plan" p ON p."id" = j."planId"
        WHERE j."status" IN (${Prisma.join(FAILURE)}) AND j."cloudCreatedAt" >= ${since30} ${region} GROUP BY 1
      ) AS t`,
    // Now: the worker keeps each plan's RPO due moment, so this is the plan list's rpo=breached filter.
    db.plan.count({ where: { ...planWhere, status: "active", paused: false, rpoDueAt: { lt: now } } }),
    breachesPerDay(db, region, dayEnds, now),
    consistencyMismatches(db, region, since30),
    // Restore drills: the plans list's verified=yes filter (lib/server/plans/list-plans.ts), counted.
    db.$queryRaw<{ verified: number; active: number }[]>`
      SELECT count(*) FILTER (WHERE d."verifiedAt" >= ${since30})::int AS "verified", count(*)::int AS "active"
      FROM "plan" p LEFT JOIN "plan_drill" d ON d."planId" = p."id" WHERE p."status" = 'active' ${region}`,
  ]);

  const plansByStatus = Object.fromEntries(planStatuses.map((s) => [s, 0])) as Record<PlanStatus, number>;
  for (const row of byStatus) plansByStatus[row.status as PlanStatus] = row._count._all;

  const jobsLast24h = { succeeded: 0, failed: 0, running: 0 };
  for (const row of recentJobs) {
    if (SUCCESS.includes(row.status)) jobsLast24h.succeeded += row.n;
    else if (FAILURE.includes(row.status) || row.status === "CANCELED" || row.status === "EXPIRED") jobsLast24h.failed += row.n;
    else jobsLast24h.running += row.n;
  }

  const perDay = new Map(days.map((d) => [d, { date: d, APPLICATION: 0, FILE_SYSTEM: 0, CRASH: 0, FAILED: 0 }]));
  let application = 0;
  let finished = 0;
  for (const row of finishedRows) {
    const level = row.level === "FAILED" ? "FAILED" : (LEVELS as readonly string[]).includes(row.level) ? (row.level as (typeof LEVELS)[number]) : "CRASH";
    if (level !== "FAILED") {
      finished += row.n;
      if (level === "APPLICATION") application += row.n;
    }
    const bucket = perDay.get(row.day);
    if (bucket) bucket[level] += row.n;
  }

  return {
    regionId: regionId ?? null,
    plansByStatus,
    totalPlans: Object.values(plansByStatus).reduce((a, b) => a + b, 0),
    protectedInstances: protectedRows[0]?.n ?? 0,
    jobsLast24h,
    appConsistentLast30d: { application, finished, share: finished ? application / finished : null },
    rpoBreaches,
    backupsPerDay: [...perDay.values()],
    rpoBreachesPerDay: days.map((date, i) => ({ date, breaches: breachRows[i]! })),
    consistencyMismatches: mismatches,
    verifiedRestorable: { verified: verifiedRows[0]?.verified ?? 0, active: verifiedRows[0]?.active ?? 0 },
    generatedAt: now.toISOString(),
  };
}

const MISMATCHES_LISTED = 5;

/** Finished backups whose level differs from the level predicted for their instance (partial index on predictedLevel). */
async function consistencyMismatches(db: Db, region: Prisma.Sql, since: Date): Promise<Dashboard["consistencyMismatches"]> {
  const rows = await db.$queryRaw<
    { planId: string; planName: string; regionId: string; instanceId: string | null; jobId: string; predictedLevel: string; consistencyLevel: string; downgradeReason: string | null; completedAt: Date | null; total: number }[]
  >`
    SELECT j."planId", p."name" AS "planName", p."regionId", j."instanceId", j."cloudJobId" AS "jobId", j."predictedLevel", j."consistencyLevel",
      j."downgradeReason", j."completedAt", count(*) OVER ()::int AS total
    FROM "backup_job" j JOIN "plan" p ON p."id" = j."planId"
    WHERE j."predictedLevel" IS NOT NULL AND j."consistencyLevel" IS NOT NULL AND j."predictedLevel" <> j."consistencyLevel"
      AND j."completedAt" >= ${since} ${region}
    ORDER BY j."completedAt" DESC LIMIT ${MISMATCHES_LISTED}`;
  return {
    count: rows[0]?.total ?? 0,
    recent: rows.map(({ total: _total, completedAt, ...r }) => ({
      ...r,
      predictedLevel: consistencyLevelOf(r.predictedLevel) ?? "CRASH",
      consistencyLevel: consistencyLevelOf(r.consistencyLevel) ?? "CRASH",
      completedAt: completedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Plans in breach at each day's end (or now, for today), by the rule of lib/schemas/rpo.ts: at t a plan breaches
 * when t is more than 1.5 intervals after max(Start Time, its last success at or before t). So it breaches
 * exactly in the gaps between consecutive anchors (the Start Time, then each later success) that last longer
 * than 1.5 intervals, from anchor + 1.5 intervals until the next anchor, and after the last anchor. The window
 * function finds those gaps in one pass over the successes of the last 30 days (the anchor before them is the
 * plan's last success before the window, or its Start Time); the few gaps are then counted per day here. Only
 * active, unpaused plans with a known cadence count, and only from their creation on.
 */
async function breachesPerDay(db: Db, region: Prisma.Sql, dayEnds: Date[], now: Date): Promise<number[]> {
  const from = dayEnds[0]!;
  const gaps = await db.$queryRaw<{ breachFrom: Date; breachUntil: Date | null; createdAt: Date }[]>`
    WITH plans AS MATERIALIZED (
      SELECT p."id", p."createdAt", p."rpoStartAt" AS "startAt", make_interval(secs => ${RPO_SLACK}::float8 * p."rpoIntervalS") AS slack
      FROM "plan" p
      WHERE p."status" = 'active' AND p."paused" = false AND p."rpoIntervalS" IS NOT NULL AND p."rpoStartAt" IS NOT NULL ${region}
    ),
    anchors AS (
      SELECT pl."id", GREATEST(pl."startAt", (
        SELECT max(j."completedAt") FROM "backup_job" j
        WHERE j."planId" = pl."id" AND j."status" IN (${Prisma.join(SUCCESS)}) AND j."completedAt" <= ${from}
      )) AS at
      FROM plans pl
      UNION ALL
      SELECT j."planId", j."completedAt" FROM "backup_job" j JOIN plans pl ON pl."id" = j."planId"
      WHERE j."status" IN (${Prisma.join(SUCCESS)}) AND j."completedAt" > ${from} AND j."completedAt" <= ${now} AND j."completedAt" > pl."startAt"
    ),
    gaps AS (
      SELECT a."id", a.at, lead(a.at) OVER (PARTITION BY a."id" ORDER BY a.at) AS "nextAt" FROM anchors a
    )
    SELECT g.at + pl.slack AS "breachFrom", g."nextAt" AS "breachUntil", pl."createdAt"
    FROM gaps g JOIN plans pl ON pl."id" = g."id"
    WHERE (g."nextAt" IS NULL OR g."nextAt" > g.at + pl.slack) AND g.at + pl.slack < ${now} AND (g."nextAt" IS NULL OR g."nextAt" > ${from})`;
  return dayEnds.map((t) => gaps.filter((g) => g.breachFrom < t && (g.breachUntil === null || t < g.breachUntil) && g.createdAt <= t).length);
}
