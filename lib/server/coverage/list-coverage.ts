import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { parseTagFilter, type InstanceOsType } from "@/lib/schemas/instances";
import { MAX_INSTANCES_PER_PLAN } from "@/lib/schemas/plan";
import {
  coverageStates,
  type CoverageCounts,
  type CoverageFilters,
  type CoverageMatching,
  type CoveragePage,
  type CoverageQuery,
  type CoverageReasonCode,
  type CoverageRow,
  type CoverageState,
  type CoverageSummary,
} from "@/lib/schemas/coverage";
import type { Db } from "@/lib/server/db/client";

// The coverage page, Protect and the dashboard's cards read the worker's inventory (inventory_instance) only: every
// filter is SQL over its indexes (region/state/name btrees, trigram on name and id, GIN on tags).

/** `%`, `_` and `\` are LIKE wildcards: searched for literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(filters: CoverageFilters, opts: { withState: boolean }): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filters.regionId) parts.push(Prisma.sql`"regionId" = ${filters.regionId}`);
  if (opts.withState && filters.state) parts.push(Prisma.sql`"state" = ${filters.state}`);
  if (filters.osType) parts.push(Prisma.sql`"osType" = ${filters.osType}`);
  if (filters.status) parts.push(Prisma.sql`"status" = ${filters.status}`);
  if (filters.zoneId) parts.push(Prisma.sql`"zoneId" = ${filters.zoneId}`);
  const tag = filters.tag ? parseTagFilter(filters.tag) : null;
  if (tag?.value !== undefined) parts.push(Prisma.sql`"tags" @> ARRAY[${`${tag.key}=${tag.value}`}]::text[]`);
  else if (tag) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM unnest("tags") t WHERE left(t, ${tag.key.length + 1}) = ${`${tag.key}=`})`);
  if (filters.q) parts.push(Prisma.sql`("name" ILIKE ${likePattern(filters.q)} OR "instanceId" ILIKE ${likePattern(filters.q)})`);
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

const STATE_RANK = Prisma.sql`CASE "state" WHEN 'unprotected' THEN 0 WHEN 'atRisk' THEN 1 WHEN 'paused' THEN 2 ELSE 3 END`;

function orderOf(query: Pick<CoverageQuery, "sort" | "dir">): Prisma.Sql {
  const dir = query.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  switch (query.sort) {
    case "state":
      return Prisma.sql`ORDER BY ${STATE_RANK} ${dir}, "name" ASC, "instanceId" ASC`;
    case "region":
      return Prisma.sql`ORDER BY "regionId" ${dir}, "name" ASC, "instanceId" ASC`;
    case "lastBackup":
      return Prisma.sql`ORDER BY "lastBackupAt" ${dir} NULLS LAST, "name" ASC, "instanceId" ASC`;
    case "firstSeen":
      return Prisma.sql`ORDER BY "firstSeenAt" ${dir}, "instanceId" ${dir}`;
    default:
      return Prisma.sql`ORDER BY "name" ${dir}, "instanceId" ${dir}`;
  }
}

interface DbRow {
  instanceId: string;
  regionId: string;
  name: string;
  status: string;
  osType: string;
  osName: string;
  zoneId: string;
  tags: string[];
  state: string;
  reasonCode: string;
  reason: string;
  planId: string | null;
  planName: string | null;
  outside: boolean;
  boundPolicyId: string | null;
  boundPolicyName: string | null;
  bindingDisabled: boolean;
  hbrPlanId: string | null;
  hbrPlanName: string | null;
  lastBackupAt: Date | null;
  stateSince: Date;
  firstSeenAt: Date;
}

function outsideOf(r: DbRow): CoverageRow["outside"] {
  if (!r.outside) return null;
  if (r.reasonCode === "outsidePlan" || (r.reasonCode === "bindingDisabled" && !r.boundPolicyId)) return r.hbrPlanId ? { kind: "plan", id: r.hbrPlanId, name: r.hbrPlanName } : null;
  return r.boundPolicyId ? { kind: "policy", id: r.boundPolicyId, name: r.boundPolicyName } : null;
}

function rowOf(r: DbRow): CoverageRow {
  return {
    instanceId: r.instanceId,
    regionId: r.regionId,
    name: r.name,
    status: r.status,
    osType: r.osType as InstanceOsType,
    osName: r.osName,
    zoneId: r.zoneId,
    tags: r.tags.map((t) => {
      const at = t.indexOf("=");
      return at < 0 ? { key: t, value: "" } : { key: t.slice(0, at), value: t.slice(at + 1) };
    }),
    state: r.state as CoverageState,
    reasonCode: r.reasonCode as CoverageReasonCode,
    reason: r.reason,
    plan: r.planId ? { id: r.planId, name: r.planName ?? r.planId } : null,
    outside: outsideOf(r),
    lastBackupAt: r.lastBackupAt?.toISOString() ?? null,
    stateSince: r.stateSince.toISOString(),
    firstSeenAt: r.firstSeenAt.toISOString(),
  };
}

async function countsOf(db: Db, filters: CoverageFilters): Promise<CoverageCounts> {
  const rows = await db.$queryRaw<{ state: string; n: number }[]>`
    SELECT "state", count(*)::int AS n FROM "inventory_instance" ${whereOf(filters, { withState: false })} GROUP BY "state"`;
  const counts = Object.fromEntries(coverageStates.map((s) => [s, 0])) as CoverageCounts;
  for (const r of rows) if (r.state in counts) counts[r.state as CoverageState] = r.n;
  return counts;
}

/** Per region: the last complete pass of the inventory sync, its instance count and last error. */
export async function inventoryFreshness(db: Db, regionId?: string): Promise<CoveragePage["regions"]> {
  const rows = await db.inventorySync.findMany({ where: regionId ? { regionId } : {}, orderBy: { regionId: "asc" } });
  return rows.map((r) => {
    const err = r.lastError as { message?: unknown } | null;
    return {
      regionId: r.regionId,
      syncedAt: r.finishedAt?.toISOString() ?? null,
      instances: r.instances,
      lastError: err && typeof err.message === "string" ? err.message : null,
    };
  });
}

const COLUMNS = Prisma.sql`"instanceId", "regionId", "name", "status", "osType", "osName", "zoneId", "tags", "state", "reasonCode", "reason", "planId", "planName",
  "outside", "boundPolicyId", "boundPolicyName", "bindingDisabled", "hbrPlanId", "hbrPlanName", "lastBackupAt", "stateSince", "firstSeenAt"`;

/** One page of the inventory with each instance's coverage, filtered and sorted, with per-state counts and freshness. */
export async function listCoverage(db: Db, query: CoverageQuery): Promise<CoveragePage> {
  const [rows, counts, regions] = await Promise.all([
    db.$queryRaw<DbRow[]>`
      SELECT ${COLUMNS} FROM "inventory_instance" ${whereOf(query, { withState: true })} ${orderOf(query)}
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    countsOf(db, query),
    inventoryFreshness(db, query.regionId),
  ]);
  const total = query.state ? counts[query.state] : coverageStates.reduce((n, s) => n + counts[s], 0);
  return { rows: rows.map(rowOf), total, page: query.page, pageSize: query.pageSize, counts, regions };
}

/** Protect: the ids (by name, at most the 99 a plan takes) of one region's instances the filters match, and how many match. */
export async function matchingCoverage(db: Db, filters: CoverageFilters & { regionId: string }): Promise<CoverageMatching> {
  const where = whereOf(filters, { withState: true });
  const [ids, [count]] = await Promise.all([
    db.$queryRaw<{ instanceId: string }[]>`SELECT "instanceId" FROM "inventory_instance" ${where} ORDER BY "name", "instanceId" LIMIT ${MAX_INSTANCES_PER_PLAN}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "inventory_instance" ${where}`,
  ]);
  return { regionId: filters.regionId, instanceIds: ids.map((r) => r.instanceId), total: count?.n ?? 0 };
}

/** The dashboard's cards: instances per state, coverage % and how fresh the inventory is (one region or all). */
export async function coverageSummary(db: Db, regionId?: string): Promise<CoverageSummary> {
  const [counts, regions] = await Promise.all([countsOf(db, { regionId }), inventoryFreshness(db, regionId)]);
  const total = coverageStates.reduce((n, s) => n + counts[s], 0);
  const synced = regions.map((r) => r.syncedAt);
  const syncedAt = synced.length === 0 || synced.some((s) => s === null) ? null : synced.reduce((a, b) => (a! < b! ? a : b));
  return {
    regionId: regionId ?? null,
    total,
    counts,
    coveragePct: total === 0 ? null : Math.round((counts.protected / total) * 1000) / 10,
    syncedAt,
  };
}
