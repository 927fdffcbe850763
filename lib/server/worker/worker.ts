import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import type { PgBoss } from "pg-boss";
import { BACKUP_POINT_WAIT_S, JOB_FOLLOW_EVERY_S, SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { runInstanceTask } from "@/lib/server/instances/tasks/run-instance-task";
import { startBoss } from "@/lib/server/jobs/boss";
import { recordHeartbeat } from "@/lib/server/worker/record-heartbeat";
import { queues } from "@/lib/server/jobs/queues";
import { deletePlanResources } from "@/lib/server/plans/delete-plan";
import { provisionPlan } from "@/lib/server/plans/provision-plan";
import { runPlanAction } from "@/lib/server/plans/run-plan-action";
import { openJobSql, syncPlanJobs } from "@/lib/server/plans/sync-plan-jobs";
import { regionsToSync, syncRegion } from "@/lib/server/sync/sync-region";
import { runRestore } from "@/lib/server/restores/run-restore";
import { startDueDrills } from "@/lib/server/drills/request-drill";
import { runDrill } from "@/lib/server/drills/run-drill";
import { sweepDrills } from "@/lib/server/drills/sweep-drills";
import { recomputeAfterJobSync, recomputeCoverage, recomputePlanCoverage } from "@/lib/server/coverage/recompute-coverage";
import { syncInventory } from "@/lib/server/coverage/sync-inventory";
import { listRegionNames } from "@/lib/server/regions/list-regions";
import { evaluateAlerts } from "@/lib/server/alerts/evaluate-alerts";
import { deliver, sweepDeliveries } from "@/lib/server/alerts/deliver";
import { smtpConfigOf, type SmtpConfig } from "@/lib/server/alerts/email";
import { consoleUrl, getEnv } from "@/lib/server/env";
import { coalesce } from "@/lib/server/worker/coalesce";

/** The pause before a region sync that reached its cap per run (lib/server/sync/sync-region.ts) reads on. */
export const REGION_SYNC_CONTINUE_MS = 1_000;

/** The shortest time between two alert evaluations one worker queues after events (a trailing one keeps the last). */
export const EVALUATE_EVERY_MS = 2_000;

export interface WorkerOptions {
  db: Db;
  cloud: CloudClients;
  databaseUrl: string;
  log: Logger;
  concurrency: number;
  heartbeatIntervalS: number;
  /** Connections of the worker's job-queue (pg-boss) pool (WORKER_QUEUE_POOL_MAX; default 2). */
  queuePoolMax?: number;
  /** How often plans whose work was lost (a crash between commit and queue, a dead worker) are queued again. */
  sweepIntervalS?: number;
  /** How often each region's scheduled backup jobs are pulled from HBR. */
  syncIntervalS?: number;
  /** Pages of jobs one region sync run reads at most (default REGION_SYNC_MAX_PAGES), and the pause before a run
   * that reached it reads on (default REGION_SYNC_CONTINUE_MS). */
  regionSyncMaxPages?: number;
  regionSyncContinueMs?: number;
  /** How often due restore drills are started and left-over drill instances looked for (default 30 s). */
  drillSweepIntervalS?: number;
  /** How often every region's ECS inventory and HBR protection are read for coverage (default 60 s; 0: never, also not at start). */
  inventorySyncIntervalS?: number;
  /** Alerts: how often the rules are evaluated besides after each sync (ALERT_EVALUATE_INTERVAL_S), where email
   * goes out (SMTP_*) and the console URL links point to; from the environment when not given. */
  alerts?: { evaluateIntervalS?: number; evaluateEveryMs?: number; smtp?: SmtpConfig | null; baseUrl?: string };
}

export interface RunningWorker {
  workerId: string;
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * Queues provisioning, deletion and job syncing again for every plan that needs it and has no live lease.
 * pg-boss's exclusive policy turns a duplicate into a no-op, so running this often is safe.
 */
export async function sweepPlans(db: Db, boss: PgBoss): Promise<number> {
  const stale = new Date(Date.now() - 5_000);
  const plans = await db.plan.findMany({
    where: {
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date() } }],
      updatedAt: { lt: stale },
      status: { in: ["pending", "provisioning", "deleting"] },
    },
    select: { id: true, status: true },
    take: 500,
  });
  let sent = 0;
  for (const p of plans) {
    const q = p.status === "deleting" ? queues.planDelete : queues.planProvision;
    if (await boss.send(q.name, { planId: p.id }, { singletonKey: p.id })) sent++;
  }
  // Jobs still running, and finished ones whose backup point was not read yet (a sync that gave up on an error),
  // for as long as it is looked for (lib/schemas/backup-point.ts): through the partial index of open jobs.
  const syncing = await db.$queryRaw<{ planId: string }[]>`
    SELECT DISTINCT j."planId" FROM backup_job j
    WHERE ${openJobSql("j")} AND j."syncedAt" < ${stale}
      AND (NOT (j."status" = ANY(${[...SUCCEEDED_JOB_STATUSES]}::text[])) OR j."completedAt" IS NULL OR j."completedAt" > ${new Date(Date.now() - BACKUP_POINT_WAIT_S * 1000)})
    LIMIT 500`;
  for (const j of syncing) if (await boss.send(queues.planSyncJobs.name, { planId: j.planId }, { singletonKey: j.planId })) sent++;
  // Actions whose queue job ran out of retries or died with its worker; a live one makes the send a no-op.
  const actions = await db.planAction.findMany({ where: { status: { in: ["pending", "running"] }, createdAt: { lt: stale } }, select: { id: true }, take: 500 });
  for (const a of actions) if (await boss.send(queues.planAction.name, { actionId: a.id }, { singletonKey: a.id })) sent++;
  const tasks = await db.instanceTask.findMany({ where: { status: { in: ["pending", "running"] }, createdAt: { lt: stale } }, select: { id: true }, take: 500 });
  for (const t of tasks) if (await boss.send(queues.instanceTask.name, { taskId: t.id }, { singletonKey: t.id })) sent++;
  // Restores: a dead worker's, one that ran out of queue retries, or one whose run ended while HBR was still busy.
  const restores = await db.restore.findMany({ where: { status: { in: ["pending", "running", "canceling"] }, updatedAt: { lt: stale } }, select: { id: true }, take: 500 });
  for (const r of restores) if (await boss.send(queues.restoreRun.name, { restoreId: r.id }, { singletonKey: r.id })) sent++;
  return sent;
}

/** Starts consuming every queue; the heartbeat is sent through the queue itself, so it proves the whole loop. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const workerId = `wrk_${randomUUID().slice(0, 8)}`;
  const log = opts.log.child({ workerId });
  const boss = await startBoss(opts.databaseUrl, (err) => log.error({ err }, "queue error"), { poolMax: opts.queuePoolMax ?? 2 });
  const startedAt = new Date().toISOString();
  const work = { pollingIntervalSeconds: 0.5, localConcurrency: opts.concurrency };

  // Coverage of a plan's instances after the worker changed the plan or its jobs; a failure is logged, never the job's.
  const coverageAfter = (planId: string) => recomputePlanCoverage(opts.db, planId).catch((err) => log.error({ err, planId }, "coverage not recomputed"));

  await boss.work(queues.heartbeat.name, work, async ([job]) => {
    await recordHeartbeat(opts.db, queues.heartbeat.payload.parse(job!.data));
    return { ok: true };
  });

  // Alerts: one evaluation at a time (singletonKey "all"), queued after every event that may change an alert, at
  // most once per EVALUATE_EVERY_MS from this worker (a burst of job syncs makes one evaluation now and one after).
  const evaluateSoon = coalesce(
    () => boss.send(queues.alertsEvaluate.name, {}, { singletonKey: "all" }).catch((err) => log.error({ err }, "alert evaluation not queued")),
    opts.alerts?.evaluateEveryMs ?? EVALUATE_EVERY_MS,
  );
  await boss.work(queues.alertsEvaluate.name, { pollingIntervalSeconds: 0.5, localConcurrency: 1 }, async () => {
    const { opened, resolved, deliveries } = await evaluateAlerts({ db: opts.db, boss });
    if (opened.length || resolved.length) log.info({ opened: opened.length, resolved: resolved.length, deliveries }, "alerts evaluated");
    return { opened: opened.length, resolved: resolved.length, deliveries };
  });
  const env = opts.alerts?.smtp === undefined || opts.alerts?.baseUrl === undefined ? getEnv() : null;
  const deliverDeps = { db: opts.db, smtp: opts.alerts?.smtp !== undefined ? opts.alerts.smtp : smtpConfigOf(env!), baseUrl: opts.alerts?.baseUrl ?? consoleUrl(env!) };
  await boss.work(queues.alertDeliver.name, work, async ([job]) => {
    const { deliveryId } = queues.alertDeliver.payload.parse(job!.data);
    return { outcome: await deliver(deliverDeps, deliveryId) };
  });

  await boss.work(queues.planProvision.name, work, async ([job]) => {
    const { planId } = queues.planProvision.payload.parse(job!.data);
    const outcome = await provisionPlan({ db: opts.db, cloud: opts.cloud, log, workerId }, planId);
    await evaluateSoon();
    if (outcome === "active") await boss.send(queues.planSyncJobs.name, { planId }, { singletonKey: planId, startAfter: JOB_FOLLOW_EVERY_S });
    await coverageAfter(planId);
    return { outcome };
  });

  await boss.work(queues.planDelete.name, work, async ([job]) => {
    const { planId } = queues.planDelete.payload.parse(job!.data);
    const plan = await opts.db.plan.findUnique({ where: { id: planId }, select: { regionId: true, instances: { select: { instanceId: true } } } });
    const outcome = await deletePlanResources({ db: opts.db, cloud: opts.cloud }, planId);
    if (plan && outcome === "deleted") {
      // Its instances lose the plan now; the bindings it removed in HBR leave the inventory with the region's next pass.
      await recomputeCoverage(opts.db, plan.regionId, plan.instances.map((i) => i.instanceId)).catch((err) => log.error({ err, planId }, "coverage not recomputed"));
      await boss.send(queues.inventorySync.name, { regionId: plan.regionId }, { singletonKey: plan.regionId });
    }
    return { outcome };
  });

  await boss.work(queues.planAction.name, work, async ([job]) => {
    const { actionId } = queues.planAction.payload.parse(job!.data);
    const outcome = await runPlanAction({ db: opts.db, cloud: opts.cloud }, actionId);
    const action = await opts.db.planAction.findUnique({ where: { id: actionId }, select: { planId: true, jobIds: true } });
    // Backups started now are followed to their consistency level like any other.
    if (action?.jobIds.length) await boss.send(queues.planSyncJobs.name, { planId: action.planId }, { singletonKey: action.planId, startAfter: JOB_FOLLOW_EVERY_S });
    if (action) await coverageAfter(action.planId);
    return { outcome };
  });

  await boss.work(queues.instanceTask.name, work, async ([job]) => {
    const { taskId } = queues.instanceTask.payload.parse(job!.data);
    return { outcome: await runInstanceTask({ db: opts.db, cloud: opts.cloud }, taskId) };
  });

  await boss.work(queues.planSyncJobs.name, work, async ([job]) => {
    const { planId } = queues.planSyncJobs.payload.parse(job!.data);
    const running = await syncPlanJobs({ db: opts.db, cloud: opts.cloud }, planId);
    await coverageAfter(planId);
    await evaluateSoon();
    if (running) await boss.send(queues.planSyncJobs.name, { planId }, { singletonKey: planId, startAfter: JOB_FOLLOW_EVERY_S });
    return { running };
  });

  const continueTimers = new Set<NodeJS.Timeout>();
  const continueRegionSoon = (regionId: string) => {
    const timer = setTimeout(() => {
      continueTimers.delete(timer);
      boss.send(queues.regionSync.name, { regionId }, { singletonKey: regionId }).catch((err) => log.error({ err, regionId }, "region sync not continued"));
    }, opts.regionSyncContinueMs ?? REGION_SYNC_CONTINUE_MS);
    continueTimers.add(timer);
  };
  await boss.work(queues.regionSync.name, work, async ([job]) => {
    const { regionId } = queues.regionSync.payload.parse(job!.data);
    const result = await syncRegion({ db: opts.db, cloud: opts.cloud }, regionId, { maxPages: opts.regionSyncMaxPages });
    // Coverage of the instances whose state can have changed: those whose jobs this run wrote, and those of plans
    // whose RPO came due since the region's last run (every instance is recomputed by the inventory pass anyway).
    const since = result.previousRunAt ?? new Date(Date.now() - (opts.syncIntervalS ?? 60) * 2000);
    const changed = await recomputeAfterJobSync(opts.db, regionId, result.touched, since).catch((err) => {
      log.error({ err, regionId }, "coverage not recomputed");
      return [];
    });
    if (result.written || result.plansFollowed || changed.length) await evaluateSoon();
    // A capped run: the rest in a moment (after this job ends, so the region's one-at-a-time key is free again).
    if (result.more) continueRegionSoon(regionId);
    return { discovered: result.discovered, written: result.written, plansFollowed: result.plansFollowed, more: result.more, coverage: changed.length };
  });

  // Coverage inventory: one pass per region per queue job; a failed pass keeps the old rows and records its error.
  await boss.work(queues.inventorySync.name, work, async ([job]) => {
    const { regionId } = queues.inventorySync.payload.parse(job!.data);
    const result = await syncInventory({ db: opts.db, cloud: opts.cloud }, regionId);
    if (result.error) log.warn({ regionId, error: result.error }, "inventory pass failed");
    // An instance that lost its protection (or a new one left uncovered) may now be due an alert.
    await evaluateSoon();
    return result;
  });

  await boss.work(queues.restoreRun.name, work, async ([job]) => {
    const { restoreId } = queues.restoreRun.payload.parse(job!.data);
    const outcome = await runRestore({ db: opts.db, cloud: opts.cloud }, restoreId);
    await evaluateSoon();
    return { outcome };
  });

  // Restore drills: one run per job (run-drill.ts); the timer starts due scheduled drills, re-queues runs whose
  // worker died, and deletes any drill instance whose run is final, unknown or too old (sweep-drills.ts).
  await boss.work(queues.drillRun.name, work, async ([job]) => {
    const { runId } = queues.drillRun.payload.parse(job!.data);
    const outcome = await runDrill({ db: opts.db, cloud: opts.cloud }, runId);
    const run = await opts.db.drillRun.findUnique({ where: { id: runId }, select: { regionId: true, instanceId: true } });
    if (run) await recomputeCoverage(opts.db, run.regionId, [run.instanceId]).catch((err) => log.error({ err, runId }, "coverage not recomputed"));
    await evaluateSoon();
    return { outcome };
  });
  let drillSweep: Promise<unknown> | null = null;
  const sweepDrillsNow = () => {
    drillSweep ??= startDueDrills({ db: opts.db, boss })
      .then(() => sweepDrills({ db: opts.db, cloud: opts.cloud, boss }))
      .catch((err) => log.error({ err }, "drill sweep failed"))
      .finally(() => (drillSweep = null));
  };
  const drillTimer = setInterval(sweepDrillsNow, (opts.drillSweepIntervalS ?? 30) * 1000);

  const beat = () =>
    boss
      .send(queues.heartbeat.name, { workerId, hostname: os.hostname(), pid: process.pid, startedAt }, { retryLimit: 0 })
      .catch((err) => log.error({ err }, "heartbeat not sent"));
  await beat();
  const heartbeatTimer = setInterval(beat, opts.heartbeatIntervalS * 1000);
  const sweep = () =>
    Promise.all([
      sweepPlans(opts.db, boss).catch((err) => log.error({ err }, "sweep failed")),
      sweepDeliveries(opts.db, boss).catch((err) => log.error({ err }, "delivery sweep failed")),
    ]);
  const sweepTimer = setInterval(sweep, (opts.sweepIntervalS ?? 10) * 1000);
  const syncRegions = () =>
    regionsToSync(opts.db)
      .then((regions) => Promise.all(regions.map((regionId) => boss.send(queues.regionSync.name, { regionId }, { singletonKey: regionId }))))
      .catch((err) => log.error({ err }, "region sync not queued"));
  const syncTimer = setInterval(syncRegions, (opts.syncIntervalS ?? 60) * 1000);
  // Every region the console lists, at start (a new user sees coverage at once) and then on the timer.
  const syncInventories = () =>
    listRegionNames(opts.cloud)
      .then((regions) => Promise.all(regions.map(({ regionId }) => boss.send(queues.inventorySync.name, { regionId }, { singletonKey: regionId }))))
      .catch((err) => log.error({ err }, "inventory sync not queued"));
  const inventoryIntervalS = opts.inventorySyncIntervalS ?? 60;
  if (inventoryIntervalS > 0) void syncInventories();
  const inventoryTimer = inventoryIntervalS > 0 ? setInterval(syncInventories, inventoryIntervalS * 1000) : null;
  await evaluateSoon();
  const evaluateTimer = setInterval(evaluateSoon, (opts.alerts?.evaluateIntervalS ?? env?.ALERT_EVALUATE_INTERVAL_S ?? getEnv().ALERT_EVALUATE_INTERVAL_S) * 1000);
  log.info({ queues: Object.values(queues).map((q) => q.name) }, "worker started");

  return {
    workerId,
    boss,
    async stop() {
      clearInterval(heartbeatTimer);
      clearInterval(sweepTimer);
      clearInterval(syncTimer);
      clearInterval(drillTimer);
      if (inventoryTimer) clearInterval(inventoryTimer);
      clearInterval(evaluateTimer);
      evaluateSoon.cancel();
      for (const t of continueTimers) clearTimeout(t);
      await boss.stop({ graceful: true, timeout: 10_000 });
      log.info("worker stopped");
    },
  };
}
