import "server-only";
import type { Queue } from "pg-boss";
import { z } from "zod";

// Every job type the worker knows: its queue, its options and the schema of its payload. A handler for each is
// registered in lib/server/worker/worker.ts.
export const heartbeatPayloadSchema = z.object({
  workerId: z.string().min(1),
  hostname: z.string(),
  pid: z.number().int(),
  startedAt: z.iso.datetime(),
});
export type HeartbeatPayload = z.infer<typeof heartbeatPayloadSchema>;

export const planPayloadSchema = z.object({ planId: z.string().min(1) });
export type PlanPayload = z.infer<typeof planPayloadSchema>;

export const actionPayloadSchema = z.object({ actionId: z.string().min(1) });

export const instanceTaskPayloadSchema = z.object({ taskId: z.string().min(1) });

export const regionPayloadSchema = z.object({ regionId: z.string().min(1) });

export const restorePayloadSchema = z.object({ restoreId: z.string().min(1) });

interface QueueDef<S extends z.ZodType> {
  name: string;
  payload: S;
  options: Omit<Queue, "name">;
}

const define = <S extends z.ZodType>(def: QueueDef<S>) => def;

// Every queue whose policy keeps one job at a time per key (exclusive, stately) has heartbeatSeconds: a worker
// killed mid-job stops heartbeating and another worker's supervisor retries the job within seconds; without it the
// dead worker's job would hold the key (a region's sync, the alert evaluation, …) until its expiry.

export const queues = {
  heartbeat: define({ name: "system.heartbeat", payload: heartbeatPayloadSchema, options: { retryLimit: 0, expireInSeconds: 60 } }),
  // One queued or active provisioning per plan (singletonKey = plan id); a dead worker's job is retried once
  // its heartbeat stops, and the step records make the retry resume instead of repeating.
  planProvision: define({
    name: "plan.provision",
    payload: planPayloadSchema,
    options: { policy: "exclusive", retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 8, heartbeatSeconds: 10, expireInSeconds: 900 },
  }),
  planDelete: define({
    name: "plan.delete",
    payload: planPayloadSchema,
    options: { policy: "exclusive", retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 8, heartbeatSeconds: 10, expireInSeconds: 900 },
  }),
  // An admin's Pause / Resume / Run backup now on a plan; each call is looked up before it is made, so a retry
  // after a dead worker repeats nothing.
  planAction: define({
    name: "plan.action",
    payload: actionPayloadSchema,
    options: { policy: "exclusive", retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 8, heartbeatSeconds: 10, expireInSeconds: 900 },
  }),
  // An admin's one-click fix or Dry run on one instance (run-instance-task.ts); looked up step by step, so a
  // retry after a dead worker or a throttled call repeats nothing.
  instanceTask: define({
    name: "instance.task",
    payload: instanceTaskPayloadSchema,
    options: { policy: "exclusive", retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 8, heartbeatSeconds: 10, expireInSeconds: 900 },
  }),
  // Follows a plan's running backup jobs until they finish (progress, bytes, consistency reached).
  planSyncJobs: define({
    name: "plan.sync-jobs",
    payload: planPayloadSchema,
    options: { policy: "stately", retryLimit: 5, retryDelay: 2, heartbeatSeconds: 10, expireInSeconds: 300 },
  }),
  // Pulls a region's scheduled backup jobs into the console; one at a time per region.
  regionSync: define({
    name: "region.sync",
    payload: regionPayloadSchema,
    options: { policy: "exclusive", retryLimit: 3, retryDelay: 5, heartbeatSeconds: 10, expireInSeconds: 600 },
  }),
  // An admin's restore (lib/server/restores/run-restore.ts): one queued or active run per restore (singletonKey =
  // restore id); every step looks before it acts, so a retry after a dead worker repeats nothing. A run waits for
  // HBR for at most RESTORE_WAIT_PER_RUN_MS, then ends and the sweep queues the next one.
  restoreRun: define({
    name: "restore.run",
    payload: restorePayloadSchema,
    options: { policy: "exclusive", retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 8, heartbeatSeconds: 10, expireInSeconds: 900 },
  }),
  // One instance's restore drill (lib/server/drills/run-drill.ts), singletonKey = run id: restore, boot, probe,
  // always delete. Each step looks up what an earlier attempt made (the instance's name and tag carry the run id).
  drillRun: define({
    name: "drill.run",
    payload: z.object({ runId: z.string().min(1) }),
    options: { policy: "exclusive", retryLimit: 30, retryDelay: 1, retryBackoff: true, retryDelayMax: 8, heartbeatSeconds: 10, expireInSeconds: 1800 },
  }),
  // One inventory pass over a region (lib/server/coverage/sync-inventory.ts): ECS instances and their HBR protection
  // into inventory_instance, then coverage. One queued or active pass per region (singletonKey = region id).
  inventorySync: define({
    name: "inventory.sync",
    payload: regionPayloadSchema,
    options: { policy: "exclusive", retryLimit: 2, retryDelay: 5, heartbeatSeconds: 10, expireInSeconds: 900 },
  }),
  // Alerts (lib/server/alerts): one evaluation of every rule at a time (singletonKey "all"); "stately" keeps one
  // more queued while one runs, so an event seen during an evaluation is evaluated right after it, not dropped.
  alertsEvaluate: define({
    name: "alerts.evaluate",
    payload: z.object({}),
    options: { policy: "stately", retryLimit: 2, retryDelay: 1, heartbeatSeconds: 10, expireInSeconds: 120 },
  }),
  // One notice to one channel (singletonKey = delivery id), retried with backoff; a delivery already sent is
  // never sent again, and the worker's sweep queues a pending one whose job was lost.
  alertDeliver: define({
    name: "alert.deliver",
    payload: z.object({ deliveryId: z.string().min(1) }),
    options: { policy: "exclusive", retryLimit: 8, retryDelay: 1, retryBackoff: true, retryDelayMax: 300, heartbeatSeconds: 10, expireInSeconds: 120 },
  }),
} as const;

export type QueueKey = keyof typeof queues;
