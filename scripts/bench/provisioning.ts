import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { createPlanSchema, defaultPlanInput, MAX_INSTANCES_PER_PLAN } from "@/lib/schemas/plan";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { parseEnv } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { startWorker } from "@/lib/server/worker/worker";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { MIGRATIONS_DIR } from "../lib/database";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { freePort, waitForPort } from "../lib/ports";

const LATENCY_MS = 50;

/**
 * A 99-instance Auto Backup plan (Tokyo: no policies, so one HBR backup plan per instance) from OK to Active,
 * with 50 ms added to every emulator call, against the sequential lower bound: calls × 50 ms.
 */
export async function benchProvisioning(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-prov-"));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
  await migrate(pg.url, readMigrations(MIGRATIONS_DIR));
  const port = await freePort();
  const emulator = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--in-memory"], {
    env: { ...process.env, EMULATOR_PORT: String(port), DATA_DIR: dir },
    stdio: "ignore",
  });
  const admin = (p: string, method: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}/__emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined }).then(
      (r) => r.json() as Promise<{ faults: { kind: string; hits: number }[] }>,
    );
  Object.assign(process.env, { DATABASE_URL: pg.url, EMULATOR_PORT: String(port) });
  const env = parseEnv(process.env);
  const cloud = createCloudClients(env);
  const db = getDb();
  const boss = await startBoss(pg.url, () => {}, { supervise: false });
  const worker = await startWorker({ db, cloud, databaseUrl: pg.url, log: pino({ level: "silent" }), concurrency: 4, heartbeatIntervalS: 15, inventorySyncIntervalS: 0 });
  try {
    await waitForPort(port, "127.0.0.1", () => emulator.exitCode === null);
    const actor = await db.user.create({ data: { id: randomUUID(), name: "bench", email: `bench-${Date.now()}@test.local`, role: "admin" } });
    const input = defaultPlanInput("ap-northeast-1");
    input.backupObjects.instances = Array.from({ length: MAX_INSTANCES_PER_PLAN }, (_, i) => ({ instanceId: `i-apnortgen${String(i + 2).padStart(5, "0")}`, protectAllDisks: true, diskIds: [] }));
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    const plan = createPlanSchema.parse(input);
    // Warm the region cache the console keeps, as a running console would have.
    await cloudPlanInventory(cloud).listRegions();

    await admin("faults", "POST", { kind: "latency", latencyMs: LATENCY_MS, rate: 1 });
    const started = performance.now();
    const { plan: saved } = await createPlan({ db, boss, inventory: cloudPlanInventory(cloud) }, plan, { id: actor.id });
    const okMs = performance.now() - started;
    while ((await db.plan.findUniqueOrThrow({ where: { id: saved.id }, select: { status: true } })).status !== "active") {
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsedMs = performance.now() - started;
    const calls = (await admin("faults", "GET")).faults.find((f) => f.kind === "latency")?.hits ?? 0;
    const lowerBoundMs = calls * LATENCY_MS;
    console.log(`provisioning.plan_99_instances_ok_to_active_s=${(elapsedMs / 1000).toFixed(2)} (OK answered in ${(okMs / 1000).toFixed(2)} s; ${calls} cloud calls at ${LATENCY_MS} ms)`);
    console.log(`provisioning.ratio_to_sequential_lower_bound=${(elapsedMs / lowerBoundMs).toFixed(3)} (lower bound ${(lowerBoundMs / 1000).toFixed(2)} s; goal <= 0.3)`);
  } finally {
    await worker.stop();
    await boss.stop({ graceful: false });
    await db.$disconnect();
    emulator.kill("SIGTERM");
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
