import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { VERIFIED_WITHIN_DAYS } from "@/lib/schemas/drill";
import type { PlanListQuery, PlanSummary } from "@/lib/schemas/plan";
import type { Db } from "@/lib/server/db/client";
import { PLAN_SUMMARY_COLUMNS, toPlanSummary } from "@/lib/server/plans/plan-dto";

type PlanSummaryRow = Pick<Prisma.PlanGetPayload<object>, (typeof PLAN_SUMMARY_COLUMNS)[number]> & {
  instanceCount: number;
  hasOpenAction: boolean;
  verifiedAt: Date | null;
  verifiedRtoS: number | null;
};
const SUMMARY_SELECT = Prisma.raw(PLAN_SUMMARY_COLUMNS.map((c) => `p."${c}"`).join(", "));

const SORT_COLUMNS: Record<PlanListQuery["sort"], Prisma.Sql> = {
  createdAt: Prisma.sql`p."createdAt"`,
  name: Prisma.sql`p."name"`,
  status: Prisma.sql`p."status"`,
  regionId: Prisma.sql`p."regionId"`,
};

/** `contains`, as Prisma's insensitive filter means it: the text itself, its % and _ not wildcards. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The list's filters as one SQL condition. `rpo` follows the rule of lib/schemas/rpo.ts: active, unpaused, past rpoDueAt. */
function whereSql(q: PlanListQuery, now: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (q.regionId) conditions.push(Prisma.sql`p."regionId" = ${q.regionId}`);
  if (q.status) conditions.push(Prisma.sql`p."status" = ${q.status}`);
  if (q.mode) conditions.push(Prisma.sql`p."mode" = ${q.mode}`);
  if (q.appConsistent) conditions.push(Prisma.sql`p."appConsistent" = ${q.appConsistent === "true"}`);
  if (q.replication) conditions.push(q.replication === "true" ? Prisma.sql`p."replicationRegionId" IS NOT NULL` : Prisma.sql`p."replicationRegionId" IS NULL`);
  if (q.paused) conditions.push(Prisma.sql`p."paused" = ${q.paused === "true"}`);
  if (q.rpo) conditions.push(Prisma.sql`p."status" = 'active' AND p."paused" = false AND p."rpoDueAt" ${Prisma.raw(q.rpo === "breached" ? "<" : ">=")} ${now}`);
  if (q.verified) {
    // Restore drills: the plan's proof is at most VERIFIED_WITHIN_DAYS old (plan_drill.verifiedAt, kept by the worker).
    const since = new Date(now.getTime() - VERIFIED_WITHIN_DAYS * 86_400_000);
    conditions.push(
      q.verified === "yes"
        ? Prisma.sql`p."status" = 'active' AND EXISTS (SELECT 1 FROM "plan_drill" d WHERE d."planId" = p."id" AND d."verifiedAt" >= ${since})`
        : Prisma.sql`p."status" = 'active' AND NOT EXISTS (SELECT 1 FROM "plan_drill" d WHERE d."planId" = p."id" AND d."verifiedAt" >= ${since})`,
    );
  }
  // The text search is the `matched` CTE of listPlans (read once for the total and the page).
  if (q.q) conditions.push(Prisma.sql`p."id" IN (SELECT "id" FROM matched)`);
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

/**
 * The plans a text search matches: a union of index look-ups (trigram indexes serve ILIKE '%…%'), where one OR over
 * plan and instance columns would read every plan. Materialised once per statement.
 */
function matchedSql(q: PlanListQuery): Prisma.Sql {
  if (!q.q) return Prisma.empty;
  const like = containsPattern(q.q);
  return Prisma.sql`WITH matched AS MATERIALIZED (
    SELECT "id" FROM "plan" WHERE "name" ILIKE ${like} OR "id" = ${q.q}
    UNION SELECT "planId" FROM "plan_instance" WHERE "instanceId" = ${q.q} OR "instanceName" ILIKE ${like})`;
}

/**
 * Filtered, sorted, paged plans with their instance counts, and the total. Raw SQL: Prisma's relation count
 * aggregates every plan's instances before paging, and its OR across plans and instances defeats the indexes.
 */
export async function listPlans(db: Db, q: PlanListQuery, now = new Date()): Promise<{ plans: PlanSummary[]; total: number; page: number; pageSize: number }> {
  const where = whereSql(q, now);
  const order = Prisma.raw(q.order === "asc" ? "ASC" : "DESC");
  const sort = SORT_COLUMNS[q.sort];
  // One statement, one round trip and one connection: the total (a one-row subquery) joined to the page, which has
  // only the columns a summary shows. A page past the end is one row with the total and no plan.
  const rows = await db.$queryRaw<(Partial<PlanSummaryRow> & { total: number })[]>`
    ${matchedSql(q)}
    SELECT t."total", page.* FROM (SELECT count(*)::int AS "total" FROM "plan" p ${where}) t
    LEFT JOIN LATERAL (
      SELECT ${SUMMARY_SELECT}, (SELECT count(*) FROM "plan_instance" i WHERE i."planId" = p."id")::int AS "instanceCount",
        EXISTS (SELECT 1 FROM "plan_action" a WHERE a."planId" = p."id" AND a."status" IN ('pending', 'running')) AS "hasOpenAction",
        d."verifiedAt", d."verifiedRtoS"
      FROM "plan" p LEFT JOIN "plan_drill" d ON d."planId" = p."id" ${where}
      ORDER BY ${sort} ${order}, p."id" ASC
      LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}
    ) page ON true
    ORDER BY ${Prisma.raw(`page."${q.sort}"`)} ${order}, page."id" ASC`;
  const lastVerified = (r: { verifiedAt: Date | null; verifiedRtoS: number | null }) =>
    r.verifiedAt && r.verifiedRtoS !== null ? { at: r.verifiedAt.toISOString(), rtoSeconds: r.verifiedRtoS } : null;
  const plans = rows
    .filter((r): r is PlanSummaryRow & { total: number } => r.id != null)
    .map(({ verifiedAt, verifiedRtoS, ...r }) => ({ ...toPlanSummary(r, r.instanceCount, r.hasOpenAction, now), lastVerified: lastVerified({ verifiedAt, verifiedRtoS }) }));
  return { plans, total: rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize };
}
