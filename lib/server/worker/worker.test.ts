import pino from "pino";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { getHealth } from "@/lib/server/health/get-health";
import { startWorker } from "@/lib/server/worker/worker";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { startTestEmulator } from "@/lib/server/testing/emulator";

async function waitFor<T>(fn: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("worker", () => {
  it("sends heartbeats through the real queue and records them; with the cloud reachable, health turns ok", async () => {
    const { emulator, env } = await startTestEmulator();
    const before = await getHealth(getDb(), env);
    expect(before).toMatchObject({ status: "degraded", db: { ok: true }, queue: { ok: false, workers: 0, lastHeartbeatAt: null }, cloud: { ok: true } });

    const worker = await startWorker({
      db: getDb(),
      cloud: createCloudClients(env),
      databaseUrl: databaseUrl(env),
      log: pino({ level: "silent" }),
      concurrency: 1,
      heartbeatIntervalS: 1,
    });
    try {
      const first = await waitFor(() => getDb().workerHeartbeat.findUnique({ where: { workerId: worker.workerId } }));
      expect(first.pid).toBe(process.pid);
      const later = await waitFor(async () => {
        const row = await getDb().workerHeartbeat.findUnique({ where: { workerId: worker.workerId } });
        return row && row.beats >= 2 ? row : null;
      });
      expect(later.beatAt.getTime()).toBeGreaterThan(first.beatAt.getTime());
      // The job went through pg-boss: it is recorded as completed in its queue.
      const done = await getDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'system.heartbeat' AND state = 'completed'`;
      expect(Number(done[0]!.n)).toBeGreaterThanOrEqual(2);

      const health = await getHealth(getDb(), env);
      expect(health).toMatchObject({ status: "ok", queue: { ok: true, workers: 1 }, cloud: { ok: true, mode: "emulator" } });
      expect(health.cloud.regions).toBeGreaterThan(0);
      expect(health.db.latencyMs).toBeGreaterThanOrEqual(0);
    } finally {
      await worker.stop();
    }
    const stale = await getHealth(getDb(), env, new Date(Date.now() + 60_000));
    expect(stale).toMatchObject({ status: "degraded", queue: { ok: false, workers: 0 } });
    await emulator.stop();
    const cloudDown = await getHealth(getDb(), env);
    expect(cloudDown).toMatchObject({ status: "degraded", cloud: { ok: false, mode: "emulator", error: { code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) } } });
  });
});
