import "server-only";
import { PgBoss } from "pg-boss";
import type { Tx } from "@/lib/server/db/client";
import { queues, type QueueKey } from "@/lib/server/jobs/queues";
import { z } from "zod";

/** A started pg-boss on `databaseUrl` (schema `pgboss`) with every queue of ./queues created. */
export async function startBoss(databaseUrl: string, onError: (err: Error) => void, opts: { supervise?: boolean; poolMax?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    // pg-boss's own pool (fetching, completing, sending jobs), besides the listener it keeps; pg's default is 10.
    max: opts.poolMax ?? 10,
    schema: "pgboss",
    supervise: opts.supervise ?? true,
    schedule: false,
    // A dead worker's jobs (no heartbeat for heartbeatSeconds) are found and retried within seconds, not a minute.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
  });
  boss.on("error", onError);
  await boss.start();
  for (const q of Object.values(queues)) {
    const existing = await boss.getQueue(q.name);
    if (!existing) await boss.createQueue(q.name, q.options);
    else {
      // Keep an existing queue's retry and expiry options in step with the code (its policy cannot change).
      const { policy: _policy, ...updatable } = q.options;
      await boss.updateQueue(q.name, updatable);
    }
  }
  return boss;
}

/**
 * Sends a job inside a Prisma transaction: pg-boss writes its row through the same connection, so the job
 * exists exactly when the transaction that made its work commits.
 */
export async function sendInTransaction<K extends QueueKey>(
  boss: PgBoss,
  tx: Tx,
  key: K,
  payload: z.infer<(typeof queues)[K]["payload"]>,
  options: { singletonKey?: string; startAfter?: number } = {},
): Promise<string | null> {
  const q = queues[key];
  const db = {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) }),
  };
  return boss.send(q.name, q.payload.parse(payload) as object, { ...options, db });
}
