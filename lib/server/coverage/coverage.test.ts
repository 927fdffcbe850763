import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { coverageMatchingQuerySchema, coverageQuerySchema } from "@/lib/schemas/coverage";
import { $Ecs } from "@/lib/server/cloud/clients";
import { Prisma } from "@/generated/prisma/client";
import { coveragePageSql, coverageSummary, listCoverage, matchingCoverage } from "@/lib/server/coverage/list-coverage";
import { recomputeCoverage } from "@/lib/server/coverage/recompute-coverage";
import { syncInventory } from "@/lib/server/coverage/sync-inventory";
import { getDb } from "@/lib/server/db/client";
import { setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";

// The coverage inventory against the real emulator over HTTP and a real PostgreSQL: passes, idempotence, deletion,
// failure, concurrency, every coverage state and reason, and the list's filters, sort, paging, counts and Protect.

const kit = setUpInventoryEmulator();
const HZ = "cn-hangzhou";
const SH = "cn-shanghai";
const hz = (n: number) => `i-bp1demo00000${String(n).padStart(4, "0")}`;
const sh = (n: number) => `i-uf6demo00000${String(n).padStart(4, "0")}`;
const pass = (regionId: string) => syncInventory({ db: getDb(), cloud: kit.cloud }, regionId);
const row = (instanceId: string) => getDb().inventoryInstance.findUniqueOrThrow({ where: { instanceId } });
const HOUR = 3_600_000;

async function bulkSeed(regionId: string, namePrefix: string, policies: { policyName: string; description: string; instances: number; disabled?: boolean }[]) {
  const schedule = `I|${Math.floor(Date.now() / 1000) + 3600}|P1D`;
  return kit.admin<{ policies: { policyId: string; instances: { instanceId: string; instanceName: string }[] }[] }>("seed/bulk", "POST", {
    regionId,
    namePrefix,
    policies: policies.map((p) => ({ ...p, schedule, retentionDays: 7, jobs: 0 })),
  });
}

/** A console plan over `instances`, as the worker leaves it. */
async function consolePlan(regionId: string, instances: string[], data: { status?: string; paused?: boolean; rpoDueAt?: Date; rpoIntervalS?: number } = {}) {
  const id = `plan_${randomUUID()}`;
  await getDb().plan.create({
    data: {
      id, name: `cov-${id.slice(5, 13)}`, regionId, mode: "auto", scheduleKind: "newPolicy", status: data.status ?? "active", config: {}, appConsistent: true,
      paused: data.paused ?? false, rpoDueAt: data.rpoDueAt ?? null, rpoIntervalS: data.rpoIntervalS ?? null,
      instances: { create: instances.map((instanceId) => ({ id: `pi_${randomUUID()}`, instanceId, instanceName: instanceId, osType: "linux", osName: "CentOS", protectAllDisks: true, diskIds: [] })) },
    },
  });
  return id;
}

async function job(planId: string, instanceId: string, status: string, minutesAgo: number, levels: { level?: string; predicted?: string } = {}) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  await getDb().backupJob.create({
    data: {
      id: `bjob_${randomUUID()}`, planId, cloudJobId: `job-${randomUUID()}`, instanceId, status, cloudCreatedAt: at, completedAt: at,
      consistencyLevel: levels.level ?? null, predictedLevel: levels.predicted ?? null,
    },
  });
}

describe("inventory sync", () => {
  it("fills the region's inventory in one pass, and a second unchanged pass writes nothing", async () => {
    const first = await pass(HZ);
    expect(first).toMatchObject({ error: null, instances: 12, changed: 12 });
    const erp = await row(hz(1));
    expect(erp).toMatchObject({ regionId: HZ, name: "hz-erp-db", status: "Running", osType: "linux", osName: "CentOS 7.9 64 bit", zoneId: "cn-hangzhou-a", state: "unprotected", reasonCode: "noProtection" });
    expect(erp.tags).toEqual(["app=erp", "env=prod"]);
    expect(erp.reason).toMatch(/No plan, policy binding or HBR backup plan/);
    expect((await row(hz(2))).osType).toBe("windows");
    // The default scenario's protection made outside the console: a policy with two bindings (one disabled), a backup plan.
    expect(await row(hz(10))).toMatchObject({ name: "hz-crm-legacy", boundPolicyName: "sales-it-daily", state: "protected", reasonCode: "outsidePolicy", outside: true });
    expect(await row(hz(11))).toMatchObject({ name: "hz-reports", bindingDisabled: true, state: "paused", reasonCode: "bindingDisabled" });
    expect((await row(hz(11))).reason).toBe("The binding to HBR policy “sales-it-daily” is disabled in the cloud: no backup runs");
    expect(await row(hz(12))).toMatchObject({ name: "hz-terraform-web", hbrPlanName: "terraform-web-daily", state: "protected", reasonCode: "outsidePlan" });

    const before = await getDb().inventoryInstance.findMany({ where: { regionId: HZ }, select: { instanceId: true, updatedAt: true } });
    const second = await pass(HZ);
    expect(second).toMatchObject({ error: null, instances: 12, changed: 0 });
    const after = await getDb().inventoryInstance.findMany({ where: { regionId: HZ }, select: { instanceId: true, updatedAt: true } });
    expect(after).toEqual(before);
    const sync = await getDb().inventorySync.findUniqueOrThrow({ where: { regionId: HZ } });
    expect(sync).toMatchObject({ instances: 12, changed: 0, lastError: null });
    expect(sync.finishedAt).not.toBeNull();
  });

  it("adds an instance made outside the console, drops a deleted one only after a complete pass, and keeps rows when a pass fails", async () => {
    await pass(SH);
    const seeded = await bulkSeed(HZ, "cov-out-", [
      { policyName: "Made in Alibaba's console", description: "cov-outside-policy", instances: 1 },
      { policyName: "Suspended outside", description: "cov-outside-disabled", instances: 1, disabled: true },
    ]);
    const [outside, disabled] = seeded.policies.map((p) => p.instances[0]!.instanceId) as [string, string];
    const added = await pass(HZ);
    expect(added).toMatchObject({ error: null, instances: 14, changed: 2 });
    expect(await row(outside)).toMatchObject({
      boundPolicyId: seeded.policies[0]!.policyId, boundPolicyName: "Made in Alibaba's console", bindingDisabled: false,
      state: "protected", reasonCode: "outsidePolicy", outside: true, planId: null,
    });
    expect((await row(outside)).reason).toBe("Bound to HBR policy “Made in Alibaba's console”, made outside the console");
    expect(await row(disabled)).toMatchObject({ bindingDisabled: true, state: "paused", reasonCode: "bindingDisabled", outside: true });

    // The deleted instance stays while a pass fails (the old inventory is kept, the error recorded)…
    await kit.cloud.ecs(SH).deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: sh(9), force: true }));
    const syncedBefore = (await getDb().inventorySync.findUniqueOrThrow({ where: { regionId: SH } })).finishedAt;
    await kit.admin("faults", "POST", { action: "DescribeInstances", kind: "error", code: "Forbidden.RAM", status: 403, message: "denied", regionId: SH, count: 1 });
    const failed = await pass(SH);
    expect(failed.error).toMatch(/denied|AccessKey|Forbidden/);
    const afterFail = await getDb().inventorySync.findUniqueOrThrow({ where: { regionId: SH } });
    expect(afterFail.finishedAt).toEqual(syncedBefore);
    expect(afterFail.lastError).toMatchObject({ code: "Forbidden.RAM" });
    expect(await getDb().inventoryInstance.count({ where: { regionId: SH } })).toBe(10);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ regionId: SH }))).regions[0]).toMatchObject({ regionId: SH, instances: 10, lastError: expect.any(String) });

    // …and goes with the next complete one, which clears the error.
    const ok = await pass(SH);
    expect(ok).toMatchObject({ error: null, instances: 9, changed: 1 });
    expect(await getDb().inventoryInstance.findUnique({ where: { instanceId: sh(9) } })).toBeNull();
    expect((await getDb().inventorySync.findUniqueOrThrow({ where: { regionId: SH } })).lastError).toBeNull();
  });

  it("when HBR cannot be read, a pass still follows ECS and keeps each instance's protection as last read", async () => {
    const SG = "ap-southeast-1";
    const seeded = await bulkSeed(SG, "cov-sg-", [{ policyName: "sg-outside", description: "cov-sg-outside", instances: 1 }]);
    const bound = seeded.policies[0]!.instances[0]!.instanceId;
    expect((await pass(SG)).error).toBeNull();
    expect(await row(bound)).toMatchObject({ state: "protected", reasonCode: "outsidePolicy" });

    await kit.cloud.ecs(SG).deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: "i-t4ndemo000000012", force: true }));
    await kit.admin("faults", "POST", { action: "DescribePolicyBindings", kind: "error", code: "Forbidden.RAM", status: 403, message: "no HBR for you", regionId: SG, count: 1 });
    const partial = await pass(SG);
    expect(partial.error).toMatch(/^HBR protection could not be read \(.*no HBR for you.*\); instances show the protection read before$/);
    expect(partial.instances).toBe(14);
    expect(await getDb().inventoryInstance.findUnique({ where: { instanceId: "i-t4ndemo000000012" } })).toBeNull();
    expect(await row(bound)).toMatchObject({ state: "protected", reasonCode: "outsidePolicy", boundPolicyName: "sg-outside" });
    const sync = await getDb().inventorySync.findUniqueOrThrow({ where: { regionId: SG } });
    expect(sync.lastError).toMatchObject({ code: "Forbidden.RAM", part: "hbr" });

    expect(await pass(SG)).toMatchObject({ error: null, changed: 0 });
  });

  it("two passes over a region at once leave one correct inventory", async () => {
    await getDb().inventoryInstance.deleteMany({ where: { regionId: "cn-hongkong" } });
    const [a, b] = await Promise.all([pass("cn-hongkong"), pass("cn-hongkong")]);
    expect([a.error, b.error]).toEqual([null, null]);
    const rows = await getDb().inventoryInstance.findMany({ where: { regionId: "cn-hongkong" }, orderBy: { instanceId: "asc" } });
    expect(rows).toHaveLength(14);
    expect(new Set(rows.map((r) => r.instanceId)).size).toBe(14);
    // Between them each instance was written once.
    expect(a.changed + b.changed).toBe(14);
    expect((await pass("cn-hongkong")).changed).toBe(0);
  });
});

describe("coverage state", () => {
  it("gives each instance its state and the reason an admin reads, and moves stateSince only when the state changes", async () => {
    // Shanghai has no Policy Center: an HBR backup plan made outside the console covers sh(1).
    const start = Math.floor(Date.now() / 1000) + 3600;
    const made = await kit.cloud.hbr(SH).createBackupPlan({ sourceType: "UDM_ECS", instanceId: sh(1), udmRegionId: SH, planName: "terraform-oracle", backupType: "COMPLETE", schedule: `I|${start}|PT12H`, retention: 3 });
    await pass(SH);
    expect(await row(sh(1))).toMatchObject({ hbrPlanId: made.planId, hbrPlanName: "terraform-oracle", state: "protected", reasonCode: "outsidePlan", outside: true });
    expect((await row(sh(1))).reason).toBe("In HBR backup plan “terraform-oracle”, made outside the console");

    const active = await consolePlan(HZ, [hz(1), hz(5), hz(6), hz(7)], { rpoIntervalS: 86_400, rpoDueAt: new Date(Date.now() + HOUR) });
    await job(active, hz(1), "COMPLETE", 30, { level: "APPLICATION", predicted: "APPLICATION" });
    await job(active, hz(5), "COMPLETE", 90, { level: "APPLICATION" });
    await job(active, hz(5), "FAILED", 30);
    await job(active, hz(6), "COMPLETE", 30, { level: "CRASH", predicted: "APPLICATION" });
    await job(active, hz(7), "COMPLETE", 30, { level: "APPLICATION", predicted: "APPLICATION" });
    await getDb().drillRun.create({ data: { id: `drill_${randomUUID()}`, planId: active, regionId: HZ, instanceId: hz(7), status: "failed", steps: [], probe: {}, restoreRegionId: HZ, finishedAt: new Date() } });
    await consolePlan(HZ, [hz(2)], { paused: true });
    await consolePlan(HZ, [hz(3)], { status: "failed" });
    await consolePlan(HZ, [hz(4)], { rpoIntervalS: 7200, rpoDueAt: new Date(Date.now() - HOUR) });
    // A console plan whose binding was disabled in Alibaba's console runs no backup.
    const disabledPolicy = (await row(hz(11))).boundPolicyId!;
    const onDisabled = await consolePlan(HZ, [hz(11)]);
    await getDb().plan.update({ where: { id: onDisabled }, data: { policyId: disabledPolicy } });
    // A pending plan does not count yet.
    await consolePlan(HZ, [hz(8)], { status: "pending" });

    const before = await row(hz(1));
    await recomputeCoverage(getDb(), HZ);
    const expected: Record<string, [string, string, RegExp]> = {
      [hz(1)]: ["protected", "plan", /^In plan “cov-.+”; last backup \d{4}-\d\d-\d\d \d\d:\d\d UTC$/],
      [hz(2)]: ["paused", "planPaused", /is paused: no scheduled backup runs/],
      [hz(3)]: ["atRisk", "planFailed", /failed to provision/],
      [hz(4)]: ["atRisk", "rpoBreached", /^No backup yet; plan “cov-.+” expects one every 2 h$/],
      [hz(5)]: ["atRisk", "lastJobFailed", /^The last backup job \(job-.+\) of plan “cov-.+” failed at /],
      [hz(6)]: ["atRisk", "belowPredicted", /^The last backup is crash consistent; application consistent was predicted$/],
      [hz(7)]: ["atRisk", "drillFailed", /restore drill of this instance failed/],
      [hz(8)]: ["unprotected", "noProtection", /No plan/],
      [hz(11)]: ["paused", "bindingDisabled", /^The binding to HBR policy “sales-it-daily” is disabled in the cloud: no backup runs$/],
    };
    for (const [instanceId, [state, reasonCode, reason]] of Object.entries(expected)) {
      const r = await row(instanceId);
      expect([instanceId, r.state, r.reasonCode], r.reason).toEqual([instanceId, state, reasonCode]);
      expect(r.reason).toMatch(reason);
      expect(r.planId === null).toBe(reasonCode === "noProtection");
      expect(r.outside).toBe(false);
    }
    expect((await row(hz(1))).lastBackupAt).not.toBeNull();
    // hz(1) was unprotected and is protected now: its state moved, and so did stateSince.
    expect((await row(hz(1))).stateSince.getTime()).toBeGreaterThan(before.stateSince.getTime());

    // Nothing changed: nothing is written. A new failed job at risk: the state moves once.
    expect(await recomputeCoverage(getDb(), HZ)).toBe(0);
    await job(active, hz(1), "FAILED", 1);
    expect(await recomputeCoverage(getDb(), HZ, [hz(1)])).toBe(1);
    const atRisk = await row(hz(1));
    expect(atRisk).toMatchObject({ state: "atRisk", reasonCode: "lastJobFailed" });
    await job(active, hz(1), "COMPLETE", 0, { level: "APPLICATION", predicted: "APPLICATION" });
    await getDb().backupJob.updateMany({ where: { instanceId: hz(1), status: "COMPLETE" }, data: { cloudCreatedAt: new Date() } });
    await recomputeCoverage(getDb(), HZ, [hz(1)]);
    const back = await row(hz(1));
    expect(back.state).toBe("protected");
    expect(back.stateSince.getTime()).toBeGreaterThanOrEqual(atRisk.stateSince.getTime());
    // Only the named instances are touched.
    await job(active, hz(5), "COMPLETE", 0, { level: "APPLICATION" });
    await getDb().backupJob.updateMany({ where: { instanceId: hz(5), status: "COMPLETE" }, data: { cloudCreatedAt: new Date() } });
    expect(await recomputeCoverage(getDb(), HZ, [hz(1)])).toBe(0);
    expect((await row(hz(5))).reasonCode).toBe("lastJobFailed");
  });
});

describe("coverage list", () => {
  it("filters, sorts, pages and counts per state with the other filters applied", async () => {
    const all = await listCoverage(getDb(), coverageQuerySchema.parse({ regionId: HZ, pageSize: 100 }));
    expect(all.total).toBe(14);
    expect(all.counts).toEqual({ protected: 4, atRisk: 5, paused: 3, unprotected: 2 });
    expect(all.rows.map((r) => r.name)).toEqual([...all.rows.map((r) => r.name)].sort());
    expect(all.regions).toEqual([expect.objectContaining({ regionId: HZ, instances: 14, lastError: null, syncedAt: expect.any(String) })]);
    const outside = all.rows.find((r) => r.name === "cov-out-00001")!;
    expect(outside.outside).toMatchObject({ kind: "policy", name: "Made in Alibaba's console" });
    expect(outside.plan).toBeNull();
    expect(all.rows.find((r) => r.instanceId === hz(12))!.outside).toEqual({ kind: "plan", id: expect.stringMatching(/^plan-/), name: "terraform-web-daily" });
    expect(all.rows.find((r) => r.instanceId === hz(11))).toMatchObject({ state: "paused", outside: null, plan: { id: expect.any(String) } });
    expect(all.rows.find((r) => r.instanceId === hz(1))!.plan).toMatchObject({ name: expect.stringMatching(/^cov-/) });

    const atRisk = await listCoverage(getDb(), coverageQuerySchema.parse({ regionId: HZ, state: "atRisk" }));
    expect(atRisk.total).toBe(5);
    expect(atRisk.counts).toEqual(all.counts);
    expect(atRisk.rows.every((r) => r.state === "atRisk")).toBe(true);

    const windows = await listCoverage(getDb(), coverageQuerySchema.parse({ osType: "windows", regionId: HZ }));
    expect(windows.rows.map((r) => r.name)).toEqual(["hz-terraform-web", "hz-win-2019"]);
    expect(windows.counts).toEqual({ protected: 1, atRisk: 0, paused: 1, unprotected: 0 });

    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ tag: "app=web", regionId: HZ }))).rows.map((r) => r.name)).toEqual(["hz-terraform-web", "hz-ubuntu-web-1", "hz-ubuntu-web-2"]);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ regionId: HZ, tag: "app" }))).total).toBe(6);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ q: "ERP" }))).rows.map((r) => r.instanceId)).toEqual([hz(1)]);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ q: "bp1demo000000003" }))).rows.map((r) => r.name)).toEqual(["hz-ubuntu-web-1"]);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ q: "100%_" }))).total).toBe(0);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ status: "Stopped", regionId: HZ, q: "hz-" }))).rows.map((r) => r.name)).toEqual(["hz-stopped"]);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ zoneId: "cn-hangzhou-a", q: "hz-" }))).total).toBe(12);
    expect((await listCoverage(getDb(), coverageQuerySchema.parse({ zoneId: "cn-hangzhou-c", q: "hz-" }))).total).toBe(0);

    const byState = await listCoverage(getDb(), coverageQuerySchema.parse({ regionId: HZ, sort: "state", pageSize: 100 }));
    expect(byState.rows.slice(0, 2).map((r) => r.state)).toEqual(["unprotected", "unprotected"]);
    expect(byState.rows.at(-1)!.state).toBe("protected");
    const desc = await listCoverage(getDb(), coverageQuerySchema.parse({ regionId: HZ, dir: "desc", pageSize: 3, page: 2 }));
    expect(desc.rows.map((r) => r.name)).toEqual([...all.rows].reverse().slice(3, 6).map((r) => r.name));
    expect(desc).toMatchObject({ page: 2, pageSize: 3, total: 14 });

    const summary = await coverageSummary(getDb(), HZ);
    expect(summary).toMatchObject({ regionId: HZ, total: 14, counts: all.counts, coveragePct: 28.6 });
    expect(summary.syncedAt).not.toBeNull();
  });

  it("gives Protect at most 99 ids of one region, and says how many match", async () => {
    const tokyo = await pass("ap-northeast-1");
    expect(tokyo).toMatchObject({ error: null, instances: 5000, changed: 5000 });
    const matching = await matchingCoverage(getDb(), coverageMatchingQuerySchema.parse({ regionId: "ap-northeast-1", state: "unprotected" }));
    expect(matching.total).toBe(5000);
    expect(matching.instanceIds).toHaveLength(99);
    const rows = await getDb().inventoryInstance.findMany({ where: { instanceId: { in: matching.instanceIds } }, select: { regionId: true } });
    expect(new Set(rows.map((r) => r.regionId))).toEqual(new Set(["ap-northeast-1"]));
    const few = await matchingCoverage(getDb(), coverageMatchingQuerySchema.parse({ regionId: HZ, tag: "app=web" }));
    expect(few).toEqual({ regionId: HZ, instanceIds: [hz(12), hz(3), hz(4)], total: 3 });
    expect(coverageMatchingQuerySchema.safeParse({}).success).toBe(false);

    // The page's queries over the 5,000-instance region use the indexes.
    await getDb().$executeRaw`ANALYZE "inventory_instance"`;
    // A planner may prefer a sequential scan of a few thousand rows; with it off, the plan shows the index that serves the filter.
    const plan = (q: Record<string, unknown>, opts: { seqScan: boolean } = { seqScan: true }) =>
      getDb().$transaction(async (tx) => {
        if (!opts.seqScan) await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        const [first] = await tx.$queryRaw<{ "QUERY PLAN": [{ "Execution Time": number }] }[]>(
          Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${coveragePageSql(coverageQuerySchema.parse(q))}`,
        );
        const json = first!["QUERY PLAN"];
        expect(json[0]["Execution Time"]).toBeLessThan(100);
        return JSON.stringify(json);
      });
    expect(await plan({ regionId: "ap-northeast-1", state: "atRisk" })).toMatch(/inventory_instance_(regionId_)?state_name_idx/);
    expect(await plan({ state: "paused" })).toMatch(/inventory_instance_(regionId_)?state_name_idx/);
    expect(await plan({ regionId: "ap-northeast-1", state: "unprotected", sort: "state" })).toMatch(/inventory_instance_(regionId_)?state_name_idx/);
    expect(await plan({ regionId: HZ, sort: "region" })).toMatch(/inventory_instance_regionId_(state_)?name_idx/);
    expect(await plan({ tag: "app=web" })).toContain("inventory_instance_tags_idx");
    const search = await plan({ q: "bulk-0421" }, { seqScan: false });
    expect(search).toContain("inventory_instance_name_idx");
    expect(search).toContain("inventory_instance_instanceId_trgm_idx");

    // Whole inventory: the summary counts every region.
    const summary = await coverageSummary(getDb());
    expect(summary.total).toBeGreaterThan(5000);
    expect((await pass("ap-northeast-1")).changed).toBe(0);
  });
});

// Last: it adds instances to Hong Kong, which the tests above count.
describe("inventory sync, many policies", () => {
  it("names every instance's bound policy when many policies are bound (read by listing the region's policies)", async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ policyName: `sg-many-${i}`, description: `cov-many-${i}`, instances: 1 }));
    const seeded = await bulkSeed("cn-hongkong", "cov-many-", many);
    // A fault that only counts: every DescribePoliciesV2 of the region, answered at once.
    await kit.admin("faults", "POST", { action: "DescribePoliciesV2", kind: "latency", latencyMs: 0, regionId: "cn-hongkong" });
    expect((await pass("cn-hongkong")).error).toBeNull();
    const { faults } = await kit.admin<{ faults: { hits: number }[] }>("faults", "GET");
    await kit.admin("faults", "DELETE");
    // One page of the region's policies, where one call per bound policy made 25.
    expect(faults[0]!.hits).toBe(1);
    for (const [i, policy] of seeded.policies.entries()) {
      expect(await row(policy.instances[0]!.instanceId)).toMatchObject({ boundPolicyId: policy.policyId, boundPolicyName: `sg-many-${i}`, state: "protected" });
    }
  });
});
