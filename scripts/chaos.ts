// npm run chaos [-- --plans=N]: N plans (default 200, a quarter of each kind: new policy, binding to an
// existing policy, legacy backup plan, Manual Backup) created through POST /api/plans on the production web
// server, signed in as the admin, while the emulator fails calls (throttling, 503, dropped connections) and
// answers creates later than the worker's CLOUD_TIMEOUT_MS (timeouts), and the worker is killed (-9) and
// restarted twice. Then every plan must be Active, and HBR must hold exactly one resource per marker.
// Real parts throughout: embedded PostgreSQL, the emulator program, worker processes, `next start`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultPlanInput, type CreatePlanInput } from "@/lib/schemas/plan";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { parseEnv } from "@/lib/server/env";
import { ensureBuild } from "./lib/build";
import { chaosScenario, countDuplicates, KINDS, type PlanKind } from "./lib/chaos-hbr";
import { MIGRATIONS_DIR } from "./lib/database";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { freePort, waitForPort } from "./lib/ports";

const { values: args } = parseArgs({ options: { plans: { type: "string", default: process.env.CHAOS_PLANS ?? "200" } } });
const PLANS = Number(args.plans);
if (!Number.isInteger(PLANS) || PLANS < KINDS.length) throw new Error(`--plans must be a whole number ≥ ${KINDS.length}`);
/** The worker's CLOUD_TIMEOUT_MS; a timeout fault answers creates this much later and more. */
const WORKER_TIMEOUT_MS = 1000;
const LATE_MS = WORKER_TIMEOUT_MS + 1500;
const CREATES = ["CreatePolicyV2", "CreatePolicyBindings", "CreateBackupPlan", "CreateBackupJob"];
const POLICY_REGION = "ap-southeast-1";
const PLAN_REGION = "ap-northeast-1"; // no backup policies: one HBR backup plan per instance
const CLIENT_CONCURRENCY = 20;
const ADMIN = { email: "chaos-admin@hbr.local", password: `chaos-${randomUUID()}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.log(`[chaos] ${line}`);

await ensureBuild(say);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-chaos-"));
fs.chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "chaos" });
await migrate(pg.url, readMigrations(MIGRATIONS_DIR));
const [emulatorPort, webPort] = [await freePort(), await freePort()];
const scenarioFile = path.join(dir, "scenario.json");
fs.writeFileSync(scenarioFile, JSON.stringify(chaosScenario({ [POLICY_REGION]: PLANS, [PLAN_REGION]: PLANS })));
const env = {
  ...process.env,
  DATABASE_URL: pg.url,
  DATA_DIR: path.join(dir, "data"),
  EMULATOR_PORT: String(emulatorPort),
  EMULATOR_SCENARIO: scenarioFile,
  EMULATOR_TIME_SCALE: "100",
  PORT: String(webPort),
  HOST: "127.0.0.1",
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
  AUTH_RATE_LIMIT_MAX: "1000",
  LOG_LEVEL: "silent",
  CLOUD_RETRY_BASE_MS: "50",
  NEXT_TELEMETRY_DISABLED: "1",
};
Object.assign(process.env, { DATABASE_URL: pg.url, EMULATOR_PORT: String(emulatorPort), LOG_LEVEL: "silent", CLOUD_RETRY_BASE_MS: "50" });

const children: ChildProcess[] = [];
const launch = (args: string[], extraEnv: Record<string, string> = {}) => {
  const child = spawn(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
};
const emulator = launch(["--import", "tsx", "emulator/main.ts", "--in-memory"]);
await waitForPort(emulatorPort, "127.0.0.1", () => emulator.exitCode === null);
const emulatorAdmin = async <T>(p: string, method: string, body?: unknown): Promise<T> => {
  const res = await fetch(`http://127.0.0.1:${emulatorPort}/__emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`emulator ${method} ${p}: ${res.status}`);
  return (await res.json()) as T;
};
const startWorkerProcess = () => launch(["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { CLOUD_TIMEOUT_MS: String(WORKER_TIMEOUT_MS) });

const cloud = createCloudClients(parseEnv(process.env));
const db = getDb();
const base = `http://127.0.0.1:${webPort}`;

try {
  const created = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/lib/create-admin.ts"], { env, stdio: "inherit" });
  if (created.status !== 0) throw new Error("creating the chaos admin failed");
  const web = launch([path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(webPort), "-H", "127.0.0.1"]);
  await waitForPort(webPort, "127.0.0.1", () => web.exitCode === null);
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(ADMIN) });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

  // Plans of each kind, each on instances of its own. Binding plans share existing policies (≤ 90 each: HBR
  // binds at most 100 instances to a policy), made before any fault.
  const kindOf = (i: number): PlanKind => KINDS[i % KINDS.length]!;
  const perKind = Object.fromEntries(KINDS.map((k) => [k, Array.from({ length: PLANS }, (_, i) => i).filter((i) => kindOf(i) === k).length])) as Record<PlanKind, number>;
  const sharedPolicies: string[] = [];
  for (let n = 0; n < Math.ceil(perKind.binding / 90); n++) {
    const policy = await cloud.hbr(POLICY_REGION).createPolicyV2({ policyName: `chaos-shared-${n}`, policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] });
    sharedPolicies.push(policy.policyId);
  }
  const future = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const nextInstance: Record<string, number> = { [POLICY_REGION]: 0, [PLAN_REGION]: 0 };
  const instanceIn = (regionId: string) => `i-${regionId.replace(/[^a-z0-9]/g, "").slice(0, 6)}gen${String(++nextInstance[regionId]!).padStart(5, "0")}`;
  let bindingPlans = 0;
  const inputs = Array.from({ length: PLANS }, (_, i): CreatePlanInput => {
    const kind = kindOf(i);
    const regionId = kind === "policy" || kind === "binding" ? POLICY_REGION : PLAN_REGION;
    const input = defaultPlanInput(regionId);
    input.name = `chaos-${kind}-${i}`;
    input.backupObjects.instances = [{ instanceId: instanceIn(regionId), protectAllDisks: true, diskIds: [] }];
    const every = { startTime: future, interval: { value: 1, unit: "days" as const }, retention: { value: 7, unit: "days" as const } };
    if (kind === "policy") input.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `chaos-${i}`, ...every } };
    if (kind === "binding") input.backupMode = { mode: "auto", schedule: { kind: "existingPolicy", policyId: sharedPolicies[Math.floor(bindingPlans++ / 90)]! } };
    if (kind === "plan") input.backupMode = { mode: "auto", schedule: { kind: "plan", ...every } };
    return input;
  });

  // Errors on every call; timeouts on the worker's creates (the emulator makes the resource, answers late).
  for (const kind of ["throttle", "error5xx", "reset"]) await emulatorAdmin("faults", "POST", { kind, rate: 0.05 });
  for (const action of CREATES) await emulatorAdmin("faults", "POST", { action, kind: "latency", latencyMs: LATE_MS, rate: 0.25 });
  let worker = startWorkerProcess();
  const started = performance.now();

  // Like a browser that resends with the same Idempotency-Key until it gets an answer.
  let clientResends = 0;
  const post = async (input: CreatePlanInput, key: string): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${base}/api/plans`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: base, "idempotency-key": key },
        body: JSON.stringify(input),
      }).catch((err: Error) => err);
      if (!(res instanceof Error) && (res.status === 200 || res.status === 201)) return ((await res.json()) as { id: string }).id;
      const why = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
      if ((!(res instanceof Error) && res.status < 500) || attempt >= 30) throw new Error(`POST /api/plans: ${why}`);
      clientResends++;
      await sleep(200 + Math.random() * 300);
    }
  };
  let next = 0;
  const accepted: string[] = [];
  const refused: string[] = [];
  const creating = Promise.all(
    Array.from({ length: CLIENT_CONCURRENCY }, async () => {
      while (next < inputs.length) {
        const i = next++;
        await post(inputs[i]!, `chaos-${i}-${randomUUID()}`).then(
          (id) => accepted.push(id),
          (err: Error) => refused.push(err.message),
        );
      }
    }),
  );

  // Kills land mid-provisioning: once a third, then two thirds of the plans are Active.
  const activeCount = () => db.plan.count({ where: { status: "active" } });
  let workersKilled = 0;
  const killer = (async () => {
    for (const share of [1 / 3, 2 / 3]) {
      const deadline = performance.now() + 120_000;
      while ((await activeCount()) < Math.ceil(PLANS * share) && performance.now() < deadline) await sleep(100);
      worker.kill("SIGKILL");
      workersKilled++;
      say(`worker killed at ${((performance.now() - started) / 1000).toFixed(1)} s with ${await activeCount()} plans Active, restarting`);
      worker = startWorkerProcess();
    }
  })();

  await creating;
  say(`${accepted.length} plans accepted, ${refused.length} refused, ${clientResends} client resends, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (refused.length) say(`first refusal: ${refused[0]}`);

  // The faults stay on while the plans are provisioned (they are transient: every plan gets through them), for at
  // most 3 minutes; then they stop and the rest must converge.
  const faultsUntil = performance.now() + 180_000;
  const isOpen = () => db.plan.count({ where: { id: { in: accepted }, status: { in: ["pending", "provisioning"] } } });
  while ((await isOpen()) > 0 && performance.now() < faultsUntil) await sleep(500);
  await killer;
  const { faults } = await emulatorAdmin<{ faults: { kind: string; hits: number }[] }>("faults", "GET");
  const errors = faults.filter((f) => f.kind !== "latency").reduce((n, f) => n + f.hits, 0);
  const timeouts = faults.filter((f) => f.kind === "latency").reduce((n, f) => n + f.hits, 0);
  await emulatorAdmin("faults", "DELETE");
  const faultsStopped = performance.now();
  say(`faults stopped at ${((faultsStopped - started) / 1000).toFixed(1)} s: ${errors} errors, ${timeouts} creates answered after the worker's ${WORKER_TIMEOUT_MS} ms timeout`);

  let convergedS: number | null = null;
  while (performance.now() - faultsStopped < 180_000) {
    if ((await isOpen()) === 0) {
      convergedS = (performance.now() - faultsStopped) / 1000;
      break;
    }
    await sleep(500);
  }

  const inDb = await db.plan.findMany({ where: { id: { in: accepted } }, select: { id: true, status: true, lastError: true } });
  const lost = accepted.length - inDb.filter((p) => p.status === "active").length + refused.length;
  const statuses = inDb.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.status]: (acc[p.status] ?? 0) + 1 }), {});
  const failed = inDb.find((p) => p.status === "failed");
  if (failed) say(`first failed plan: ${JSON.stringify(failed.lastError)}`);
  const hbr = await countDuplicates(cloud, { policyRegion: POLICY_REGION, planRegion: PLAN_REGION });
  const duplicates = hbr.duplicates + (await db.plan.count()) - accepted.length;
  say(`statuses ${JSON.stringify(statuses)}; converged ${convergedS === null ? "not within 180 s" : `${convergedS.toFixed(1)} s`} after the faults stopped; in HBR ${JSON.stringify(hbr.counted)}`);
  const kinds = KINDS.map((k) => `${perKind[k]} ${k}`).join(", ");
  console.log(`chaos: ${PLANS} plans (${kinds}), faults: ${errors} errors + ${timeouts} timeouts, workers killed: ${workersKilled}, lost: ${lost}, duplicates in HBR: ${duplicates}`);
} finally {
  for (const c of children) c.kill("SIGKILL");
  await db.$disconnect();
  await pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
