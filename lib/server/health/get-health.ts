import "server-only";
import { checkCloud, type CloudHealth } from "@/lib/server/cloud/check-cloud";
import type { Db } from "@/lib/server/db/client";
import type { Env } from "@/lib/server/env";

export interface Health {
  status: "ok" | "degraded" | "down";
  db: { ok: boolean; latencyMs: number | null; error?: string };
  queue: { ok: boolean; workers: number; lastHeartbeatAt: string | null };
  cloud: CloudHealth;
}

async function checkDb(db: Db): Promise<Health["db"]> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    return { ok: false, latencyMs: null, error: (err as Error).message.split("\n")[0] };
  }
}

async function checkQueue(db: Db, env: Env, now: Date): Promise<Health["queue"]> {
  const freshAfter = new Date(now.getTime() - env.HEARTBEAT_INTERVAL_S * 3 * 1000);
  try {
    const [latest, workers] = await Promise.all([
      db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" }, select: { beatAt: true } }),
      db.workerHeartbeat.count({ where: { beatAt: { gte: freshAfter } } }),
    ]);
    return { ok: workers > 0, workers, lastHeartbeatAt: latest?.beatAt.toISOString() ?? null };
  } catch {
    return { ok: false, workers: 0, lastHeartbeatAt: null };
  }
}

/**
 * Readiness: the database answers, a worker heartbeat came through the queue recently, and the cloud answers a
 * signed call. Down when the database is; degraded when anything else is.
 */
export async function getHealth(db: Db, env: Env, now = new Date()): Promise<Health> {
  const [dbHealth, queue, cloud] = await Promise.all([checkDb(db), checkQueue(db, env, now), checkCloud(env)]);
  const status = !dbHealth.ok ? "down" : queue.ok && cloud.ok ? "ok" : "degraded";
  return { status, db: dbHealth, queue, cloud };
}
