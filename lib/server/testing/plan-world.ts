import pino from "pino";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll } from "vitest";
import type { PlanDetail } from "@/lib/schemas/plan";
import { createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl, parseEnv } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { startWorker, type RunningWorker } from "@/lib/server/worker/worker";
import { startInventoryEmulator, type InventoryTestKit } from "@/lib/server/testing/inventory-test-kit";
import { getPlanOrThrow } from "@/lib/server/plans/get-plan";
import { signedInUser } from "@/lib/server/testing/users";

/** Everything a plan test runs against: the emulator, a queue client, a live worker and an admin. */
export interface PlanWorld {
  kit: InventoryTestKit;
  cloud: CloudClients;
  boss: PgBoss;
  worker: RunningWorker;
  admin: { id: string };
  /** Stops the worker (as a crash or deploy would) and starts a fresh one. */
  restartWorker(): Promise<void>;
}

const newWorker = (cloud: CloudClients) =>
  startWorker({ db: getDb(), cloud, databaseUrl: databaseUrl(), log: pino({ level: "silent" }), concurrency: 4, heartbeatIntervalS: 5, sweepIntervalS: 1, inventorySyncIntervalS: 0 });

/**
 * Registers the suite's hooks; the world is filled in before the tests run and torn down after them.
 * `cloudTimeoutMs` gives the worker's cloud clients a short CLOUD_TIMEOUT_MS, for tests of slow answers.
 */
export function setUpPlanWorld(opts: { cloudTimeoutMs?: number } = {}): PlanWorld {
  const world = {} as PlanWorld;
  beforeAll(async () => {
    world.kit = await startInventoryEmulator();
    world.cloud = opts.cloudTimeoutMs
      ? createCloudClients(parseEnv({ ...process.env, EMULATOR_PORT: String(world.kit.emulator.port), CLOUD_RETRY_BASE_MS: "10", CLOUD_TIMEOUT_MS: String(opts.cloudTimeoutMs) }))
      : world.kit.cloud;
    world.boss = await startBoss(databaseUrl(), () => {}, { supervise: false });
    world.worker = await newWorker(world.cloud);
    world.admin = await signedInUser("admin");
    world.restartWorker = async () => {
      await world.worker.stop();
      world.worker = await newWorker(world.cloud);
    };
  });
  afterAll(async () => {
    await world.worker?.stop();
    await world.boss?.stop({ graceful: false });
    await world.kit?.emulator.stop();
  });
  return world;
}

/** The emulator and a queue client without a worker, for tests that run the worker's steps themselves. */
export interface QueueWorld {
  kit: InventoryTestKit;
  boss: PgBoss;
}

/** Registers the suite's hooks: one emulator and one queue client for the file, stopped after it. */
export function setUpQueueWorld(): QueueWorld {
  const world = {} as QueueWorld;
  beforeAll(async () => {
    world.kit = await startInventoryEmulator();
    world.boss = await startBoss(databaseUrl(), () => {}, { supervise: false });
  });
  afterAll(async () => {
    await world.boss?.stop({ graceful: false });
    await world.kit?.emulator.stop();
  });
  return world;
}

/** Polls the plan until `done` holds; the error names what the plan looked like last. */
export async function untilPlan(planId: string, done: (p: PlanDetail) => boolean, timeoutMs = 25_000): Promise<PlanDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await getPlanOrThrow(getDb(), planId);
    if (done(p)) return p;
    if (Date.now() > deadline) throw new Error(`timed out; plan is ${p.status}: ${JSON.stringify({ error: p.lastError, steps: p.steps, actions: p.actions, jobs: p.jobs })}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
