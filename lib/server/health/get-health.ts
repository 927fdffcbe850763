import "server-only";
import type { Db } from "@/lib/server/db/client";
import type { Env } from "@/lib/server/env";

export interface Health {
  status: "ok" | "degraded" | "down";
  db: { ok: boolean; latencyMs: number | null; error?: string };
  queue: { ok: boolean; workers: number; lastHeartbeatAt: string | null };
  cloud: { ok: boolean; mode: "not_configured" | Env["CLOUD_MODE"] };
}

/** Readiness: the database answers, and a worker heartbeat came through the queue recently. */
export async function getHealth(db: Db, env: Env, now = new Date()): Promise<Health> {
  const started = performance.now();
  let dbHealth: Health["db"];
  try {
    await db.$queryRaw`SELECT 1`;
    dbHealth = { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    dbHealth = { ok: false, latencyMs: null, error: (err as Error).message.split("\n")[0] };
  }

  let queue: Health["queue"] = { ok: false, workers: 0, lastHeartbeatAt: null };
  if (dbHealth.ok) {
    const freshAfter = new Date(now.getTime() - env.HEARTBEAT_INTERVAL_S * 3 * 1000);
    const [latest, workers] = await Promise.all([
      db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" }, select: { beatAt: true } }),
      db.workerHeartbeat.count({ where: { beatAt: { gte: freshAfter } } }),
    ]);
    queue = { ok: workers > 0, workers, lastHeartbeatAt: latest?.beatAt.toISOString() ?? null };
  }

  // The cloud clients arrive with the emulator issue; until then the console reports them as not configured.
  const cloud: Health["cloud"] = { ok: false, mode: "not_configured" };
  const status = !dbHealth.ok ? "down" : queue.ok ? "ok" : "degraded";
  return { status, db: dbHealth, queue, cloud };
}
