import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { recomputeAfterJobSync } from "@/lib/server/coverage/recompute-coverage";
import { syncInventory } from "@/lib/server/coverage/sync-inventory";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { syncRegion } from "@/lib/server/sync/sync-region";
import { startTestEmulator } from "@/lib/server/testing/emulator";
import { startWorker } from "@/lib/server/worker/worker";
import pino from "pino";
import type { RunningEmulator } from "@/emulator/server";
import { seedLargeFleet } from "@/scripts/lib/large-fleet";

// A region sync with a backlog (the cursor far behind): it reads at most its cap of pages per run and says there is
// more, each run moving the cursor on, until it has read everything; a job recorded already is not written again,
// and coverage afterwards is recomputed for the instances whose jobs changed, not for the whole region.

const REGION = "ap-southeast-1";
let emulator: RunningEmulator;
let cloud: CloudClients;
let jobs = 0;

beforeAll(async () => {
  const started = await startTestEmulator();
  emulator = started.emulator;
  cloud = createCloudClients(started.env);
  const seeded = await seedLargeFleet(
    { databaseUrl: databaseUrl(), emulatorUrl: `http://127.0.0.1:${emulator.port}` },
    { plans: 20, instances: 40, jobs: 450, regionId: REGION, replicationRegionId: "cn-hongkong", now: Date.now() },
  );
  jobs = seeded.jobs;
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
});

describe("region sync bounds", () => {
  it("reads a backlog at most `maxPages` pages per run, writes only what changed, and recomputes only those instances", async () => {
    const db = getDb();
    expect(jobs).toBeGreaterThan(3 * 99);
    // A backlog: the cursor at the start of time, and five jobs the console lost.
    await db.syncCursor.update({ where: { regionId: REGION }, data: { lastCreatedTime: 0 } });
    const lost = await db.backupJob.findMany({ where: { plan: { regionId: REGION }, status: "COMPLETE" }, take: 5, orderBy: { cloudCreatedAt: "asc" } });
    await db.backupJob.deleteMany({ where: { id: { in: lost.map((j) => j.id) } } });

    const runs: Awaited<ReturnType<typeof syncRegion>>[] = [];
    let cursor = 0;
    for (;;) {
      const run = await syncRegion({ db, cloud }, REGION, { maxPages: 1 });
      runs.push(run);
      expect(run.discovered).toBeLessThanOrEqual(99);
      const now = (await db.syncCursor.findUniqueOrThrow({ where: { regionId: REGION } })).lastCreatedTime;
      expect(now).toBeGreaterThanOrEqual(cursor);
      cursor = now;
      if (!run.more) break;
      expect(runs.length).toBeLessThan(20);
    }
    expect(runs.length).toBeGreaterThanOrEqual(Math.ceil(jobs / 99));
    expect(runs.reduce((n, r) => n + r.discovered, 0)).toBeGreaterThanOrEqual(jobs);
    // Only the lost jobs were written again, each once; nothing is missing.
    expect(runs.reduce((n, r) => n + r.written, 0)).toBe(5);
    expect(await db.backupJob.count({ where: { cloudJobId: { in: lost.map((j) => j.cloudJobId) } } })).toBe(5);
    // Touched: the lost jobs' instances, and those of the plans followed for the backup points of those jobs.
    const touched = runs.flatMap((r) => r.touched);
    const ofLostPlans = await db.planInstance.findMany({ where: { planId: { in: lost.map((j) => j.planId) } }, select: { instanceId: true } });
    const touchedIds = new Set(touched.map((t) => t.instanceId));
    for (const j of lost) expect(touchedIds).toContain(j.instanceId);
    for (const id of touchedIds) expect(ofLostPlans.map((i) => i.instanceId)).toContain(id);

    // Coverage: the touched instances only, not the region's 40.
    await syncInventory({ db, cloud }, REGION);
    const recomputed = await recomputeAfterJobSync(db, REGION, touched, new Date());
    expect(new Set(recomputed)).toEqual(touchedIds);
    expect(recomputed.length).toBeLessThan(40);
  }, 120_000);

  it("in the worker, a capped run is followed by the next one until the backlog is read", async () => {
    const db = getDb();
    await db.syncCursor.update({ where: { regionId: REGION }, data: { lastCreatedTime: 0 } });
    const worker = await startWorker({
      db, cloud, databaseUrl: databaseUrl(), log: pino({ level: "silent" }), concurrency: 2, heartbeatIntervalS: 60,
      syncIntervalS: 3600, inventorySyncIntervalS: 0, regionSyncMaxPages: 1, regionSyncContinueMs: 50,
    });
    try {
      const before = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'region.sync'`;
      await worker.boss.send("region.sync", { regionId: REGION }, { singletonKey: REGION });
      const newest = await db.backupJob.aggregate({ where: { plan: { regionId: REGION } }, _max: { cloudCreatedAt: true } });
      const end = Math.floor(newest._max.cloudCreatedAt!.getTime() / 1000);
      const deadline = Date.now() + 30_000;
      while ((await db.syncCursor.findUniqueOrThrow({ where: { regionId: REGION } })).lastCreatedTime < end) {
        if (Date.now() > deadline) throw new Error("the region sync did not read on to the end of the backlog");
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'region.sync'`;
      expect(after[0]!.n - before[0]!.n).toBeGreaterThanOrEqual(Math.ceil(jobs / 99));
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
