// The whole stack a chaos run drives, from real parts: embedded PostgreSQL (migrated), the emulator program on a
// scenario file, one or more web processes on the production build (each on its own port, all on one database and
// one auth secret, as behind a load balancer), worker processes that can be killed, and an admin signed in through
// the API. `npm run chaos` (plans, `--web N --workers M`) and `npm run chaos -- --restores` share it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { webArgs } from "./web-command";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ScenarioInput } from "@/emulator/scenario/schema";
import { createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { getDb, type Db } from "@/lib/server/db/client";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { parseEnv } from "@/lib/server/env";
import { ensureBuild } from "./build";
import { MIGRATIONS_DIR } from "./database";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { freePort, waitForPort } from "./ports";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const say = (line: string) => console.log(`[chaos] ${line}`);

export interface ChaosStack {
  /** The first web process; `bases` lists every one (one per web process, in order). */
  base: string;
  bases: string[];
  cookie: string;
  cloud: CloudClients;
  db: Db;
  /** GET/POST/DELETE on the emulator's admin API (`/__emulator/<path>`). */
  emulatorAdmin<T>(p: string, method: string, body?: unknown): Promise<T>;
  /** A JSON request to the console as the signed-in admin. */
  api(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Starts a worker process in the next slot (0, 1, …); `killWorker(slot)` sends slot's worker SIGKILL and starts another in it. */
  startWorker(): void;
  killWorker(slot?: number): void;
  /** Sends web process `index` SIGKILL, starts it again on the same port and resolves once it listens. */
  restartWeb(index: number): Promise<void>;
  /** PostgreSQL connections open to the chaos database right now (every process's pools together). */
  connections(): Promise<number>;
  stop(): Promise<void>;
}

export async function startChaosStack(opts: {
  scenario: ScenarioInput;
  workerTimeoutMs: number;
  timeScale: number;
  /** How many web processes (default 1). */
  web?: number;
  /** Extra environment for worker processes (SYNC_INTERVAL_S, …). */
  workerEnv?: Record<string, string>;
}): Promise<ChaosStack> {
  const admin = { email: "chaos-admin@hbr.local", password: `chaos-${randomUUID()}` };
  await ensureBuild(say);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-chaos-"));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "chaos" });
  await migrate(pg.url, readMigrations(MIGRATIONS_DIR));
  const emulatorPort = await freePort();
  const webPorts: number[] = [];
  while (webPorts.length < (opts.web ?? 1)) {
    const port = await freePort();
    if (port !== emulatorPort && !webPorts.includes(port)) webPorts.push(port);
  }
  const webPort = webPorts[0]!;
  const scenarioFile = path.join(dir, "scenario.json");
  fs.writeFileSync(scenarioFile, JSON.stringify(opts.scenario));
  const env = {
    ...process.env,
    DATABASE_URL: pg.url,
    DATA_DIR: path.join(dir, "data"),
    EMULATOR_PORT: String(emulatorPort),
    EMULATOR_SCENARIO: scenarioFile,
    EMULATOR_TIME_SCALE: String(opts.timeScale),
    PORT: String(webPort),
    HOST: "127.0.0.1",
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
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
  const stopAll = async () => {
    for (const c of children) c.kill("SIGKILL");
    await getDb().$disconnect();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const emulator = launch(["--import", "tsx", "emulator/main.ts", "--in-memory"]);
    await waitForPort(emulatorPort, "127.0.0.1", () => emulator.exitCode === null);
    const created = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/lib/create-admin.ts"], { env, stdio: "inherit" });
    if (created.status !== 0) throw new Error("creating the chaos admin failed");
    // Every web process: its own port (PORT, so its own origin is trusted), the same database, secret and emulator.
    const webs: ChildProcess[] = [];
    const startWeb = async (i: number) => {
      const port = webPorts[i]!;
      const web = launch(webArgs({ port, host: "127.0.0.1" }), { PORT: String(port) });
      webs[i] = web;
      await waitForPort(port, "127.0.0.1", () => web.exitCode === null);
    };
    await Promise.all(webPorts.map((_, i) => startWeb(i)));
    const bases = webPorts.map((port) => `http://127.0.0.1:${port}`);
    const base = bases[0]!;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(admin) });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const workers: ChildProcess[] = [];
    const launchWorker = (slot: number) => {
      workers[slot] = launch(["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { CLOUD_TIMEOUT_MS: String(opts.workerTimeoutMs), ...opts.workerEnv });
    };
    const db = getDb();
    return {
      base,
      bases,
      cookie,
      cloud: createCloudClients(parseEnv(process.env)),
      db,
      async emulatorAdmin<T>(p: string, method: string, body?: unknown): Promise<T> {
        const res = await fetch(`http://127.0.0.1:${emulatorPort}/__emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
        if (!res.ok) throw new Error(`emulator ${method} ${p}: ${res.status}`);
        return (await res.json()) as T;
      },
      api: (method, p, body, headers = {}) =>
        fetch(`${base}${p}`, { method, headers: { "content-type": "application/json", cookie, origin: base, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }),
      startWorker: () => launchWorker(workers.length),
      killWorker(slot = 0) {
        workers[slot]?.kill("SIGKILL");
        launchWorker(slot);
      },
      async restartWeb(index) {
        const web = webs[index]!;
        const exited = web.exitCode !== null || web.signalCode !== null ? Promise.resolve() : new Promise((r) => web.once("exit", r));
        web.kill("SIGKILL");
        await exited;
        await startWeb(index);
      },
      async connections() {
        const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`;
        return row?.n ?? 0;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
