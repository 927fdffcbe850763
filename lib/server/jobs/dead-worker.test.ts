import { afterAll, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import { databaseUrl } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { queues } from "@/lib/server/jobs/queues";

// With several workers on one database, a worker killed (-9) in the middle of a one-at-a-time job (a region's sync,
// a plan's job follow-up, an inventory pass, the alert evaluation, a delivery) must not hold that job's singleton
// for its whole expiry: the others take it over once its heartbeat stops.
const SINGLETONS = [
  { queue: queues.regionSync, data: { regionId: "ap-northeast-1" }, key: "ap-northeast-1" },
  { queue: queues.planSyncJobs, data: { planId: "plan_dead_worker" }, key: "plan_dead_worker" },
  { queue: queues.inventorySync, data: { regionId: "ap-northeast-1" }, key: "ap-northeast-1" },
  { queue: queues.alertsEvaluate, data: {}, key: "all" },
  { queue: queues.alertDeliver, data: { deliveryId: "dlv_dead_worker" }, key: "dlv_dead_worker" },
];

const bosses: PgBoss[] = [];
afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, timeout: 1000 });
});

describe("a worker that dies mid-job", () => {
  it("leaves its singleton jobs to the other workers within seconds, not at their expiry", { timeout: 60_000 }, async () => {
    const onError = () => undefined;
    // The dead worker: it took every job and will never finish nor heartbeat (as after SIGKILL).
    const dead = await startBoss(databaseUrl(), onError, { supervise: false });
    bosses.push(dead);
    const taken = new Map<string, string>();
    for (const { queue, data, key } of SINGLETONS) {
      const id = await dead.send(queue.name, data, { singletonKey: key });
      expect(id).toBeTruthy();
      const [job] = await dead.fetch(queue.name);
      expect(job?.id).toBe(id);
      taken.set(queue.name, id!);
    }
    // While it is held, nobody else can run the region's sync.
    expect(await dead.send(queues.regionSync.name, { regionId: "ap-northeast-1" }, { singletonKey: "ap-northeast-1" })).toBeNull();

    // A live worker (supervising, as every worker does) gets each job again.
    const live = await startBoss(databaseUrl(), onError);
    bosses.push(live);
    const started = Date.now();
    const retaken = new Map<string, string>();
    while (retaken.size < SINGLETONS.length && Date.now() - started < 45_000) {
      for (const { queue } of SINGLETONS) {
        if (retaken.has(queue.name)) continue;
        const [job] = await live.fetch(queue.name);
        if (job) retaken.set(queue.name, job.id);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Object.fromEntries(retaken)).toEqual(Object.fromEntries(taken));
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
