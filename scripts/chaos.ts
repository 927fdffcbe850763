// npm run chaos: 200 plans created at once while the emulator fails 30 % of calls (throttling, 5xx, dropped
// connections) and the worker is killed (-9) and restarted twice. Prints plans, lost, duplicates and how long
// after the faults stopped every plan was Active. Real parts throughout: embedded PostgreSQL, the emulator
// program, worker processes, the console's own use case and cloud clients.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultPlanInput, createPlanSchema } from "@/lib/schemas/plan";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { parseEnv } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { instanceMarker } from "@/lib/server/plans/plan-steps";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { freePort, waitForPort } from "./lib/ports";
import { MIGRATIONS_DIR } from "./lib/database";

const PLANS = Number(process.env.CHAOS_PLANS ?? 200);
const REGION = "ap-northeast-1"; // no backup policies: one HBR backup plan per instance
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.log(`[chaos] ${line}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-chaos-"));
fs.chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "chaos" });
await migrate(pg.url, readMigrations(MIGRATIONS_DIR));
const emulatorPort = await freePort();
const baseEnv = {
  ...process.env,
  DATABASE_URL: pg.url,
  DATA_DIR: path.join(dir, "data"),
  EMULATOR_PORT: String(emulatorPort),
  LOG_LEVEL: "silent",
  CLOUD_RETRY_BASE_MS: "50",
  EMULATOR_TIME_SCALE: "100",
};
Object.assign(process.env, { DATABASE_URL: pg.url, EMULATOR_PORT: String(emulatorPort), LOG_LEVEL: "silent", CLOUD_RETRY_BASE_MS: "50" });

const children: ChildProcess[] = [];
const launch = (args: string[]) => {
  const child = spawn(process.execPath, args, { env: baseEnv, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
};
const emulator = launch(["--import", "tsx", "emulator/main.ts", "--in-memory"]);
await waitForPort(emulatorPort, "127.0.0.1", () => emulator.exitCode === null);
const admin = (p: string, method: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${emulatorPort}/__emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
const startWorkerProcess = () => launch(["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"]);

const env = parseEnv(process.env);
const cloud = createCloudClients(env);
const db = getDb();
const boss = await startBoss(pg.url, () => {}, { supervise: false });
const deps = { db, boss, inventory: cloudPlanInventory(cloud) };
const actor = await db.user.create({ data: { id: randomUUID(), name: "chaos", email: `chaos-${Date.now()}@test.local`, role: "admin" } });

try {
  // 30 % of every call fails: a third each throttled, 5xx, dropped.
  for (const kind of ["throttle", "error5xx", "reset"]) await admin("faults", "POST", { kind, rate: 0.1 });
  let worker = startWorkerProcess();
  const started = performance.now();

  const instances = Array.from({ length: PLANS }, (_, i) => `i-apnortgen${String(i + 1).padStart(5, "0")}`);
  const future = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  let clientRetries = 0;
  const creates = instances.map(async (instanceId, i) => {
    const input = defaultPlanInput(REGION);
    input.name = `chaos-${i}`;
    input.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: future, interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    const plan = createPlanSchema.parse(input);
    const key = `chaos-${i}-${randomUUID()}`;
    // Like a browser that resends with the same Idempotency-Key until it gets an answer.
    for (let attempt = 1; ; attempt++) {
      try {
        return (await createPlan(deps, plan, { id: actor.id }, key)).plan.id;
      } catch (err) {
        if ((err as { code?: string }).code !== "UNAVAILABLE" || attempt >= 30) throw err;
        clientRetries++;
        await sleep(100 + Math.random() * 200);
      }
    }
  });

  const killer = (async () => {
    for (const at of [3000, 6000]) {
      await sleep(at - (performance.now() - started));
      worker.kill("SIGKILL");
      say(`worker killed at ${(at / 1000).toFixed(0)} s, restarting`);
      worker = startWorkerProcess();
    }
  })();

  const results = await Promise.allSettled(creates);
  await killer;
  const accepted = results.filter((r): r is PromiseFulfilledResult<string> => r.status === "fulfilled").map((r) => r.value);
  const refused = results.filter((r) => r.status === "rejected");
  say(`${accepted.length} plans accepted, ${refused.length} refused, ${clientRetries} client resends, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (refused.length) say(`first refusal: ${String((refused[0] as PromiseRejectedResult).reason?.message)}`);

  await sleep(Math.max(0, 8000 - (performance.now() - started)));
  await admin("faults", "DELETE");
  const faultsStopped = performance.now();
  say("faults stopped");

  let convergedS: number | null = null;
  while (performance.now() - faultsStopped < 120_000) {
    const notActive = await db.plan.count({ where: { id: { in: accepted }, status: { not: "active" } } });
    if (notActive === 0) {
      convergedS = (performance.now() - faultsStopped) / 1000;
      break;
    }
    await sleep(250);
  }

  const inDb = await db.plan.findMany({ where: { id: { in: accepted } }, select: { id: true, status: true } });
  const lost = accepted.length - inDb.filter((p) => p.status === "active").length + refused.length;
  const byName = new Map<string, number>();
  for (let page = 1; ; page++) {
    const res = await cloud.hbr(REGION).describeBackupPlans({ sourceType: "UDM_ECS", pageNumber: page, pageSize: 99 });
    for (const p of res.backupPlans.backupPlan) byName.set(p.planName, (byName.get(p.planName) ?? 0) + 1);
    if (page * 99 >= res.totalCount) break;
  }
  const markers = new Set(inDb.map((p) => instanceMarker(p.id, "")));
  const ours = [...byName.entries()].filter(([name]) => [...markers].some((m) => name.startsWith(m)));
  const duplicates = ours.reduce((n, [, count]) => n + (count - 1), 0) + (await db.plan.count()) - accepted.length;
  const statuses = inDb.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.status]: (acc[p.status] ?? 0) + 1 }), {});
  say(`statuses ${JSON.stringify(statuses)}; ${ours.length} HBR backup plans carry a plan's marker`);
  console.log(`plans=${PLANS} lost=${lost} duplicates=${duplicates} converged_s=${convergedS === null ? "not converged in 120" : convergedS.toFixed(1)}`);
} finally {
  for (const c of children) c.kill("SIGKILL");
  await boss.stop({ graceful: false }).catch(() => {});
  await db.$disconnect();
  await pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
