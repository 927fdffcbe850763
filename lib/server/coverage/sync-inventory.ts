import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { isBindingDisabled } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { recomputeCoverage } from "@/lib/server/coverage/recompute-coverage";
import { mapWithConcurrency, type EcsInstance } from "@/lib/server/instances/instance-dtos";

// The inventory of ECS instances the coverage page reads (inventory_instance), kept by the worker region by region.
// A pass reads the region's HBR protection first (policy bindings, backup plans, policy names), then every page of
// DescribeInstances, and writes each page in ONE statement that inserts new instances and updates only rows that
// differ: an unchanged instance is not written. Only a COMPLETE pass deletes the region's rows it did not see; a
// failed pass keeps the previous inventory and records its error. Every write can be repeated by a second worker
// running the same pass at the same time and ends in the same rows (the queue also runs one pass per region).

/** DescribeInstances' largest page. */
export const INVENTORY_PAGE = 100;
/** At most this many DescribeInstances calls in flight per pass. */
export const INVENTORY_CONCURRENCY = 4;
/** DescribePolicyBindings' largest MaxResults; DescribeBackupPlans' largest PageSize. */
const BINDINGS_PAGE = 100;
const PLANS_PAGE = 99;
const POLICY_NOT_SUPPORTED = "Policy.NotSupportedInRegion";

export interface InventorySyncResult {
  regionId: string;
  instances: number;
  /** Rows inserted, changed or deleted. */
  changed: number;
  durationMs: number;
  error: string | null;
}

interface Protection {
  boundPolicyId: string | null;
  boundPolicyName: string | null;
  bindingDisabled: boolean;
  hbrPlanId: string | null;
  hbrPlanName: string | null;
  hbrPlanDisabled: boolean;
}

const NONE: Protection = { boundPolicyId: null, boundPolicyName: null, bindingDisabled: false, hbrPlanId: null, hbrPlanName: null, hbrPlanDisabled: false };

/** instance id → its HBR policy binding (every page through NextToken); none where the region has no Policy Center. */
async function readBindings(cloud: CloudClients, regionId: string): Promise<Map<string, { policyId: string; disabled: boolean }>> {
  const bindings = new Map<string, { policyId: string; disabled: boolean }>();
  let nextToken: string | undefined;
  try {
    do {
      const res = await cloud.hbr(regionId).describePolicyBindings({ sourceType: "UDM_ECS", maxResults: BINDINGS_PAGE, nextToken });
      for (const b of res.policyBindings ?? []) {
        if (b.sourceType && b.sourceType !== "UDM_ECS") continue;
        const disabled = isBindingDisabled(b);
        const seen = bindings.get(b.dataSourceId);
        // One policy per instance in HBR; should two show up, an enabled binding is the one that protects.
        if (!seen || (seen.disabled && !disabled)) bindings.set(b.dataSourceId, { policyId: b.policyId, disabled });
      }
      nextToken = res.nextToken || undefined;
    } while (nextToken);
  } catch (err) {
    if (isCloudError(err) && err.code === POLICY_NOT_SUPPORTED) return bindings;
    throw err;
  }
  return bindings;
}

/** instance id → the HBR backup plan (UDM_ECS) that covers it, every page. */
async function readBackupPlans(cloud: CloudClients, regionId: string): Promise<Map<string, { planId: string; planName: string; disabled: boolean }>> {
  const plans = new Map<string, { planId: string; planName: string; disabled: boolean }>();
  for (let page = 1; ; page++) {
    const res = await cloud.hbr(regionId).describeBackupPlans({ sourceType: "UDM_ECS", pageNumber: page, pageSize: PLANS_PAGE });
    const list = res.backupPlans?.backupPlan ?? [];
    for (const p of list) {
      // The model documents InstanceId for ECS_FILE; for UDM_ECS the instance may come as DataSourceId instead.
      const instanceId = p.instanceId || (p.dataSourceId?.startsWith("i-") ? p.dataSourceId : "");
      if (!instanceId) continue;
      const disabled = p.disabled === true || String(p.disabled).toLowerCase() === "true";
      const seen = plans.get(instanceId);
      if (!seen || (seen.disabled && !disabled)) plans.set(instanceId, { planId: p.planId, planName: p.planName, disabled });
    }
    if (list.length === 0 || page * PLANS_PAGE >= (res.totalCount ?? 0)) break;
  }
  return plans;
}

/** Past this many bound policies, listing every policy of the region (100 a page) takes fewer calls than one each. */
const POLICY_NAMES_BY_ID_MAX = 20;
const POLICIES_PAGE = 100;

/**
 * policy id → name, for the bound policies: one DescribePoliciesV2 per policy when few are bound, else every page of
 * the region's policies (10,000 bound policies were 10,000 calls, most of a 50,000-instance pass); a name that
 * cannot be read stays null.
 */
async function readPolicyNames(cloud: CloudClients, regionId: string, policyIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (policyIds.length > POLICY_NAMES_BY_ID_MAX) {
    const wanted = new Set(policyIds);
    let nextToken: string | undefined;
    do {
      const res = await cloud.hbr(regionId).describePoliciesV2({ maxResults: POLICIES_PAGE, nextToken });
      for (const p of res.policies ?? []) if (wanted.has(p.policyId) && p.policyName) names.set(p.policyId, p.policyName);
      nextToken = res.nextToken || undefined;
    } while (nextToken);
    return names;
  }
  await mapWithConcurrency(policyIds, INVENTORY_CONCURRENCY, async (policyId) => {
    const res = await cloud.hbr(regionId).describePoliciesV2({ policyId });
    const name = res.policies?.find((p) => p.policyId === policyId)?.policyName;
    if (name) names.set(policyId, name);
  });
  return names;
}

/**
 * Each instance's HBR protection. When HBR cannot be read (a region without HBR, a service error), the ECS side of
 * the pass still goes on: every known instance keeps the protection last read (a new one has none) and the error is
 * recorded, so a passing HBR failure never turns protected instances into unprotected ones.
 */
async function readProtection(db: Db, cloud: CloudClients, regionId: string): Promise<{ protectionOf: (instanceId: string) => Protection; hbrError: unknown }> {
  try {
    const [bindings, plans] = await Promise.all([readBindings(cloud, regionId), readBackupPlans(cloud, regionId)]);
    const policyNames = await readPolicyNames(cloud, regionId, [...new Set([...bindings.values()].map((b) => b.policyId))]);
    const protectionOf = (instanceId: string): Protection => {
      const b = bindings.get(instanceId);
      const p = plans.get(instanceId);
      if (!b && !p) return NONE;
      return {
        boundPolicyId: b?.policyId ?? null,
        boundPolicyName: b ? (policyNames.get(b.policyId) ?? null) : null,
        bindingDisabled: b?.disabled ?? false,
        hbrPlanId: p?.planId ?? null,
        hbrPlanName: p?.planName ?? null,
        hbrPlanDisabled: p?.disabled ?? false,
      };
    };
    return { protectionOf, hbrError: null };
  } catch (hbrError) {
    const known = await db.inventoryInstance.findMany({
      where: { regionId },
      select: { instanceId: true, boundPolicyId: true, boundPolicyName: true, bindingDisabled: true, hbrPlanId: true, hbrPlanName: true, hbrPlanDisabled: true },
    });
    const last = new Map(known.map(({ instanceId, ...protection }) => [instanceId, protection]));
    return { protectionOf: (instanceId) => last.get(instanceId) ?? NONE, hbrError };
  }
}

async function describePage(cloud: CloudClients, regionId: string, pageNumber: number) {
  const res = await cloud.ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, pageNumber, pageSize: INVENTORY_PAGE }));
  return { instances: res.body?.instances?.instance ?? [], total: res.body?.totalCount ?? 0 };
}

const rowOf = (i: EcsInstance, protection: Protection) => ({
  instanceId: i.instanceId!,
  name: i.instanceName || i.instanceId!,
  status: i.status ?? "",
  osType: i.OSType?.toLowerCase() === "windows" ? "windows" : "linux",
  osName: i.OSNameEn || i.OSName || "",
  zoneId: i.zoneId ?? "",
  tags: (i.tags?.tag ?? []).filter((t) => t.tagKey).map((t) => `${t.tagKey}=${t.tagValue ?? ""}`).sort(),
  ecsCreatedAt: i.creationTime && !Number.isNaN(Date.parse(i.creationTime)) ? new Date(i.creationTime).toISOString() : null,
  ...protection,
});
type Row = ReturnType<typeof rowOf>;

/**
 * Inserts the page's new instances and updates those that differ, in one statement; returns how many rows it wrote.
 * seenAt is the pass that last wrote the row (not every pass that saw it: an unchanged row is not written).
 */
async function writePage(db: Db, regionId: string, rows: Row[], passStart: Date): Promise<number> {
  if (rows.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO "inventory_instance" AS ii ("instanceId", "regionId", "name", "status", "osType", "osName", "zoneId", "tags", "ecsCreatedAt",
      "boundPolicyId", "boundPolicyName", "bindingDisabled", "hbrPlanId", "hbrPlanName", "hbrPlanDisabled", "seenAt", "firstSeenAt", "stateSince", "updatedAt")
    SELECT x."instanceId", ${regionId}, x."name", x."status", x."osType", x."osName", x."zoneId",
      ARRAY(SELECT jsonb_array_elements_text(x."tags")), (x."ecsCreatedAt" AT TIME ZONE 'UTC'),
      x."boundPolicyId", x."boundPolicyName", x."bindingDisabled", x."hbrPlanId", x."hbrPlanName", x."hbrPlanDisabled",
      ${passStart}, ${passStart}, ${passStart}, ${passStart}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x("instanceId" text, "name" text, "status" text, "osType" text, "osName" text,
      "zoneId" text, "tags" jsonb, "ecsCreatedAt" timestamptz, "boundPolicyId" text, "boundPolicyName" text, "bindingDisabled" boolean,
      "hbrPlanId" text, "hbrPlanName" text, "hbrPlanDisabled" boolean)
    ON CONFLICT ("instanceId") DO UPDATE SET
      "regionId" = EXCLUDED."regionId", "name" = EXCLUDED."name", "status" = EXCLUDED."status", "osType" = EXCLUDED."osType",
      "osName" = EXCLUDED."osName", "zoneId" = EXCLUDED."zoneId", "tags" = EXCLUDED."tags", "ecsCreatedAt" = EXCLUDED."ecsCreatedAt",
      "boundPolicyId" = EXCLUDED."boundPolicyId", "boundPolicyName" = EXCLUDED."boundPolicyName", "bindingDisabled" = EXCLUDED."bindingDisabled",
      "hbrPlanId" = EXCLUDED."hbrPlanId", "hbrPlanName" = EXCLUDED."hbrPlanName", "hbrPlanDisabled" = EXCLUDED."hbrPlanDisabled",
      "seenAt" = EXCLUDED."seenAt", "updatedAt" = EXCLUDED."updatedAt"
    WHERE (ii."regionId", ii."name", ii."status", ii."osType", ii."osName", ii."zoneId", ii."tags", ii."ecsCreatedAt", ii."boundPolicyId",
        ii."boundPolicyName", ii."bindingDisabled", ii."hbrPlanId", ii."hbrPlanName", ii."hbrPlanDisabled")
      IS DISTINCT FROM (EXCLUDED."regionId", EXCLUDED."name", EXCLUDED."status", EXCLUDED."osType", EXCLUDED."osName", EXCLUDED."zoneId",
        EXCLUDED."tags", EXCLUDED."ecsCreatedAt", EXCLUDED."boundPolicyId", EXCLUDED."boundPolicyName", EXCLUDED."bindingDisabled",
        EXCLUDED."hbrPlanId", EXCLUDED."hbrPlanName", EXCLUDED."hbrPlanDisabled")`;
}

const messageOf = (err: unknown) =>
  isCloudError(err) ? { code: err.code, message: err.message, requestId: err.requestId ?? null } : { code: "Internal", message: err instanceof Error ? err.message : String(err), requestId: null };

/** One full pass over a region: ECS instances and their HBR protection into inventory_instance, then coverage. */
export async function syncInventory(deps: { db: Db; cloud: CloudClients }, regionId: string): Promise<InventorySyncResult> {
  const { db, cloud } = deps;
  const started = Date.now();
  const passStart = new Date(started);
  await db.inventorySync.upsert({ where: { regionId }, create: { regionId, startedAt: passStart }, update: { startedAt: passStart } });
  try {
    const { protectionOf, hbrError } = await readProtection(db, cloud, regionId);

    const seen = new Set<string>();
    let changed = 0;
    const take = async (instances: EcsInstance[]) => {
      const rows = instances.filter((i) => i.instanceId && !seen.has(i.instanceId)).map((i) => rowOf(i, protectionOf(i.instanceId!)));
      for (const r of rows) seen.add(r.instanceId);
      // Pages are written concurrently: add the count once it is known (`changed += await …` would lose some).
      const written = await writePage(db, regionId, rows, passStart);
      changed += written;
    };
    const first = await describePage(cloud, regionId, 1);
    await take(first.instances);
    const pages = Array.from({ length: Math.max(0, Math.ceil(first.total / INVENTORY_PAGE) - 1) }, (_, i) => i + 2);
    await mapWithConcurrency(pages, INVENTORY_CONCURRENCY, async (n) => take((await describePage(cloud, regionId, n)).instances));

    // The pass is complete: the region's rows it did not see are instances that are gone. A row another pass wrote
    // after this one started (seenAt ≥ passStart) is that pass's to judge. Pages that shifted under the pass (fewer
    // instances seen than ECS counted) leave deletion to the next pass rather than drop one that was only skipped.
    if (seen.size >= first.total) {
      const deleted = await db.$executeRaw`
        DELETE FROM "inventory_instance" WHERE "regionId" = ${regionId} AND "seenAt" < ${passStart} AND NOT ("instanceId" = ANY(${[...seen]}::text[]))`;
      changed += deleted;
    }
    await recomputeCoverage(db, regionId);
    const finishedAt = new Date();
    // The ECS inventory is complete; an HBR error is still this pass's error (protection is as last read).
    const hbr = hbrError ? messageOf(hbrError) : null;
    const lastError = hbr ? { ...hbr, part: "hbr", message: `HBR protection could not be read (${hbr.message}); instances show the protection read before` } : null;
    await db.inventorySync.update({ where: { regionId }, data: { finishedAt, instances: seen.size, changed, lastError: lastError ?? Prisma.DbNull } });
    return { regionId, instances: seen.size, changed, durationMs: finishedAt.getTime() - started, error: lastError?.message ?? null };
  } catch (err) {
    const error = messageOf(err);
    await db.inventorySync.update({ where: { regionId }, data: { lastError: error } });
    return { regionId, instances: 0, changed: 0, durationMs: Date.now() - started, error: error.message };
  }
}
