// The background worker: consumes the PostgreSQL-backed queue (pg-boss). Started by `npm start`;
// `npm run worker` runs it alone against DATABASE_URL.
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { startWorker } from "@/lib/server/worker/worker";
import { getLogger } from "@/lib/server/log/logger";
import { loadEnvOrExit } from "./lib/server-env";

const env = loadEnvOrExit();
const log = getLogger();
const worker = await startWorker({
  db: getDb(),
  cloud: getCloud(),
  databaseUrl: databaseUrl(env),
  log,
  concurrency: env.WORKER_CONCURRENCY,
  heartbeatIntervalS: env.HEARTBEAT_INTERVAL_S,
  queuePoolMax: env.WORKER_QUEUE_POOL_MAX,
  syncIntervalS: env.SYNC_INTERVAL_S,
  inventorySyncIntervalS: env.INVENTORY_SYNC_INTERVAL_S,
  alerts: { evaluateIntervalS: env.ALERT_EVALUATE_INTERVAL_S },
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await getDb().$disconnect();
    process.exit(0);
  });
}
