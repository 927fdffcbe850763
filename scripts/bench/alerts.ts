import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { createChannel } from "@/lib/server/alerts/alerts-api";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { parseEnv } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { requestPlanAction } from "@/lib/server/plans/request-plan-action";
import { MIGRATIONS_DIR } from "../lib/database";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { freePort, waitForPort } from "../lib/ports";
import { pct } from "./load";

const SAMPLES = 5;
const TIME_SCALE = 50;
const REGION = "ap-northeast-1";
const INSTANCE = "i-apnortgen00002";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Time from a failed backup to the webhook: embedded PostgreSQL, the emulator program (EMULATOR_TIME_SCALE=50) and
 * the worker program (scripts/worker.ts, default ALERT_EVALUATE_INTERVAL_S and SYNC_INTERVAL_S) as separate
 * processes, a generic webhook channel to a node:http receiver here. Each sample arms
 * `POST /__emulator/backup-failures`, runs the plan's backup now and measures (a) the job FAILED in the cloud (first
 * seen by polling DescribeBackupJobs2 every 50 ms) → webhook received and (b) the job row FAILED in PostgreSQL
 * (polled every 20 ms) → webhook received; then a good backup resolves the alert before the next sample.
 */
export async function benchAlerts(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-alerts-"));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
  await migrate(pg.url, readMigrations(MIGRATIONS_DIR));
  const port = await freePort();
  const secret = randomBytes(32).toString("hex");
  const childEnv = {
    ...process.env, DATABASE_URL: pg.url, EMULATOR_PORT: String(port), DATA_DIR: dir, EMULATOR_TIME_SCALE: String(TIME_SCALE),
    BETTER_AUTH_SECRET: secret, LOG_LEVEL: "silent", PUBLIC_URL: "http://console.bench", CLOUD_RETRY_BASE_MS: "50",
  };
  Object.assign(process.env, { DATABASE_URL: pg.url, EMULATOR_PORT: String(port), BETTER_AUTH_SECRET: secret, DATA_DIR: dir, LOG_LEVEL: "silent" });
  const emulator = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--in-memory"], { env: childEnv, stdio: "ignore" });
  await waitForPort(port, "127.0.0.1", () => emulator.exitCode === null);
  const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { env: { ...childEnv, HBR_PROCESS: "worker" }, stdio: ["ignore", "ignore", "inherit"] });
  const admin = (p: string, method: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}/__emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined }).then((r) => r.json());

  const hooks: { at: number; event: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const at = performance.now();
    req.resume();
    req.on("end", () => {
      hooks.push({ at, event: String(req.headers["x-hbr-event"]) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));

  const db = getDb();
  const boss = await startBoss(pg.url, () => {}, { supervise: false });
  const cloud = createCloudClients(parseEnv(process.env));
  const hbr = cloud.hbr(REGION);
  try {
    const actor = await db.user.create({ data: { id: randomUUID(), name: "bench", email: `bench-${Date.now()}@test.local`, role: "admin" } });
    await createChannel(db, { type: "webhook", name: "bench hook", format: "generic", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` }, { id: actor.id });
    const input = defaultPlanInput(REGION);
    input.name = "bench-alerts";
    input.backupObjects.instances = [{ instanceId: INSTANCE, protectAllDisks: true, diskIds: [] }];
    const { plan } = await createPlan({ db, boss, inventory: cloudPlanInventory(cloud) }, createPlanSchema.parse(input), { id: actor.id });
    while ((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status !== "active") await sleep(100);

    const waitHook = async (event: string, from: number, limitMs = 60_000) => {
      const deadline = performance.now() + limitMs;
      for (;;) {
        const hit = hooks.slice(from).find((h) => h.event === event);
        if (hit) return hit.at;
        if (performance.now() > deadline) throw new Error(`no ${event} webhook within ${limitMs / 1000} s`);
        await sleep(5);
      }
    };
    const runNow = async () => {
      const action = await requestPlanAction({ db, boss }, plan.id, "runNow", { id: actor.id });
      for (;;) {
        const a = await db.planAction.findUniqueOrThrow({ where: { id: action.id } });
        if (a.jobIds.length) return a.jobIds[0]!;
        if (a.status === "failed") throw new Error("Run backup now failed");
        await sleep(20);
      }
    };

    // The instance's jobs in the cloud all finished (provisioning may have started a first backup), so the failure
    // armed next hits the job this sample starts.
    const settled = async () => {
      for (;;) {
        const res = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: [INSTANCE] }] });
        if (res.backupJobs.backupJob.every((j) => !["CREATED", "RUNNING", "CANCELING"].includes(j.status ?? ""))) return;
        await sleep(100);
      }
    };
    await sleep(2_000);
    await settled();
    const cloudToHook: number[] = [];
    const syncToHook: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await settled();
      await admin("backup-failures", "POST", { instanceId: INSTANCE, regionId: REGION, count: 1, errorMessage: `bench failure ${i + 1}` });
      const from = hooks.length;
      const cloudJobId = await runNow();
      // (a) when the cloud reports the job FAILED, (b) when the console's job row says so.
      let cloudAt = 0;
      let syncAt = 0;
      let stop = false;
      const pollCloud = (async () => {
        for (;;) {
          const res = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", filters: [{ key: "JobId", values: [cloudJobId] }] });
          const status = res.backupJobs.backupJob[0]?.status;
          if (status === "FAILED") return (cloudAt = performance.now());
          if (stop) return 0;
          await sleep(50);
        }
      })();
      const pollDb = (async () => {
        for (;;) {
          const row = await db.backupJob.findUnique({ where: { cloudJobId }, select: { status: true } });
          if (row?.status === "FAILED") return (syncAt = performance.now());
          if (stop) return 0;
          await sleep(20);
        }
      })();
      const hookAt = await waitHook("alert.opened", from).catch(async (err: unknown) => {
        stop = true;
        await Promise.all([pollCloud, pollDb]);
        const state = {
          cloudJobId,
          jobs: await db.backupJob.findMany({ select: { cloudJobId: true, status: true, cloudCreatedAt: true, completedAt: true } }),
          evaluations: await db.$queryRaw`SELECT state, count(*)::int AS n, max(output::text) AS output FROM pgboss.job WHERE name = 'alerts.evaluate' GROUP BY state`,
          alerts: await db.alert.findMany({ select: { kind: true, status: true, title: true } }),
          deliveries: await db.alertDelivery.findMany({ select: { status: true, attempts: true, lastError: true } }),
          heartbeats: await db.workerHeartbeat.count(),
        };
        throw new Error(`${(err as Error).message}; cloudAt=${cloudAt} syncAt=${syncAt} ${JSON.stringify(state)}`);
      });
      await Promise.all([pollCloud, pollDb]);
      cloudToHook.push(hookAt - cloudAt);
      syncToHook.push(hookAt - syncAt);
      console.log(`alerts.sample_${i + 1}: cloud FAILED → webhook ${((hookAt - cloudAt) / 1000).toFixed(2)} s, job row FAILED → webhook ${((hookAt - syncAt) / 1000).toFixed(2)} s`);
      // A good backup resolves the alert, so the next failure opens a new one.
      const before = hooks.length;
      await runNow();
      await waitHook("alert.resolved", before);
    }
    const f = (xs: number[]) => `p50 ${(pct([...xs].sort((a, b) => a - b), 50) / 1000).toFixed(2)} s, max ${(Math.max(...xs) / 1000).toFixed(2)} s`;
    console.log(`alerts.cloud_failed_to_webhook=${f(cloudToHook)} (${SAMPLES} samples; goal < 60 s)`);
    console.log(`alerts.sync_to_webhook=${f(syncToHook)} (${SAMPLES} samples; goal a few seconds)`);
  } finally {
    worker.kill("SIGTERM");
    await new Promise((r) => (worker.exitCode === null ? worker.once("exit", r) : r(null)));
    await boss.stop({ graceful: false });
    await db.$disconnect();
    emulator.kill("SIGTERM");
    receiver.close();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
