import "server-only";
import type { Db } from "@/lib/server/db/client";
import type { HeartbeatPayload } from "@/lib/server/jobs/queues";

/** Handler of `system.heartbeat`: the row /api/health reads to know a worker consumes the queue. */
export async function recordHeartbeat(db: Db, payload: HeartbeatPayload, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId: payload.workerId },
    create: {
      workerId: payload.workerId,
      hostname: payload.hostname,
      pid: payload.pid,
      startedAt: new Date(payload.startedAt),
      beatAt: now,
      beats: 1,
    },
    update: { beatAt: now, beats: { increment: 1 } },
  });
}
