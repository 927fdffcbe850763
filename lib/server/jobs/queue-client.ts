import "server-only";
import type { PgBoss } from "pg-boss";
import { databaseUrl } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { getLogger } from "@/lib/server/log/logger";

// The web process only sends jobs: its pg-boss does no maintenance (the worker's does), and two connections carry
// its sends (a plan saved, an action requested), leaving the web's database pool (DB_POOL_MAX) to the requests.
const WEB_QUEUE_POOL_MAX = 2;
const globalForBoss = globalThis as unknown as { hbrBoss?: Promise<PgBoss> };

export function getQueueClient(): Promise<PgBoss> {
  globalForBoss.hbrBoss ??= startBoss(databaseUrl(), (err) => getLogger().error({ err }, "queue error"), { supervise: false, poolMax: WEB_QUEUE_POOL_MAX }).catch((err) => {
    globalForBoss.hbrBoss = undefined;
    throw err;
  });
  return globalForBoss.hbrBoss;
}
