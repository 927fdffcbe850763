import pino from "pino";
import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { coverageSummary } from "@/lib/server/coverage/list-coverage";
import { syncInventory } from "@/lib/server/coverage/sync-inventory";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { createPlan } from "@/lib/server/plans/create-plan";
import { requestPlanDeletion } from "@/lib/server/plans/delete-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";
import { startWorker } from "@/lib/server/worker/worker";

// The worker's part in coverage: the first inventory pass of every region right at start, and the coverage of a
// plan's instances recomputed as the worker provisions and deletes the plan.

const world = setUpPlanWorld();
const MANUAL = "i-uf6demo000000004"; // sh-centos75: no e2e spec and no other test of this file uses it

async function until<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("coverage in the worker", () => {
  it("passes over every region the console lists as soon as it starts", async () => {
    // A second worker, on the same emulator as the world's (whose own worker runs no timer of passes).
    const worker = await startWorker({ db: getDb(), cloud: world.cloud, databaseUrl: databaseUrl(), log: pino({ level: "silent" }), concurrency: 2, heartbeatIntervalS: 60, inventorySyncIntervalS: 3600 });
    try {
      const synced = await until(async () => {
        const rows = await getDb().inventorySync.findMany({ where: { finishedAt: { not: null } } });
        return rows.length === 5 && rows;
      }, 45_000);
      expect(synced.map((r) => r.regionId).sort()).toEqual(["ap-northeast-1", "ap-southeast-1", "cn-hangzhou", "cn-hongkong", "cn-shanghai"]);
      expect(synced.find((r) => r.regionId === "ap-northeast-1")).toMatchObject({ instances: 5000, lastError: null });
      const summary = await coverageSummary(getDb());
      expect(summary.total).toBe(5000 + 14 + 14 + 12 + 10);
      expect(summary.syncedAt).not.toBeNull();
      expect(summary.counts.protected).toBeGreaterThanOrEqual(2);
    } finally {
      await worker.stop();
    }
  }, 90_000);

  it("recomputes a plan's instances when the worker provisions it and when it deletes it", async () => {
    await syncInventory({ db: getDb(), cloud: world.cloud }, "cn-shanghai");
    expect(await getDb().inventoryInstance.findUniqueOrThrow({ where: { instanceId: MANUAL } })).toMatchObject({ state: "unprotected" });

    const input = defaultPlanInput("cn-shanghai");
    input.name = `coverage-${Date.now()}`;
    input.backupObjects.instances = [{ instanceId: MANUAL, protectAllDisks: true, diskIds: [] }];
    const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
    await untilPlan(plan.id, (p) => p.status === "active");
    const covered = await until(async () => {
      const row = await getDb().inventoryInstance.findUniqueOrThrow({ where: { instanceId: MANUAL } });
      return row.planId === plan.id && row;
    });
    expect(covered).toMatchObject({ state: "protected", reasonCode: "plan", planName: input.name, outside: false });

    await requestPlanDeletion({ db: getDb(), boss: world.boss }, plan.id, { id: world.admin.id });
    const uncovered = await until(async () => {
      const row = await getDb().inventoryInstance.findUniqueOrThrow({ where: { instanceId: MANUAL } });
      return row.planId === null && row;
    });
    expect(uncovered).toMatchObject({ state: "unprotected", reasonCode: "noProtection" });
  });
});
