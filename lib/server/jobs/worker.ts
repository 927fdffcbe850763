import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import type { Db } from "@/lib/server/db/client";
import { startBoss } from "@/lib/server/jobs/boss";
import { recordHeartbeat } from "@/lib/server/jobs/handlers/record-heartbeat";
import { queues } from "@/lib/server/jobs/queues";

export interface WorkerOptions {
  db: Db;
  databaseUrl: string;
  log: Logger;
  concurrency: number;
  heartbeatIntervalS: number;
}

export interface RunningWorker {
  workerId: string;
  stop(): Promise<void>;
}

/** Starts consuming every queue; the heartbeat is sent through the queue itself, so it proves the whole loop. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const workerId = `wrk_${randomUUID().slice(0, 8)}`;
  const log = opts.log.child({ workerId });
  const boss = await startBoss(opts.databaseUrl, (err) => log.error({ err }, "queue error"));
  const startedAt = new Date().toISOString();

  await boss.work(
    queues.heartbeat.name,
    { pollingIntervalSeconds: 0.5, localConcurrency: opts.concurrency },
    async ([job]) => {
      const payload = queues.heartbeat.payload.parse(job!.data);
      await recordHeartbeat(opts.db, payload);
      return { ok: true };
    },
  );

  const beat = () =>
    boss
      .send(queues.heartbeat.name, { workerId, hostname: os.hostname(), pid: process.pid, startedAt }, { retryLimit: 0 })
      .catch((err) => log.error({ err }, "heartbeat not sent"));
  await beat();
  const timer = setInterval(beat, opts.heartbeatIntervalS * 1000);
  log.info({ queues: Object.values(queues).map((q) => q.name) }, "worker started");

  return {
    workerId,
    async stop() {
      clearInterval(timer);
      await boss.stop({ graceful: true, timeout: 10_000 });
      log.info("worker stopped");
    },
  };
}
