// The whole stack a chaos run drives, from real parts: embedded PostgreSQL (migrated), the emulator program on a
// scenario file, `next start` on the production build, worker processes that can be killed, and an admin signed
// in through the API. `npm run chaos` (plans) and `npm run chaos -- --restores` share it.
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
  base: string;
  cookie: string;
  cloud: CloudClients;
  db: Db;
  /** GET/POST/DELETE on the emulator's admin API (`/__emulator/<path>`). */
  emulatorAdmin<T>(p: string, method: string, body?: unknown): Promise<T>;
  /** A JSON request to the console as the signed-in admin. */
  api(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Starts a worker process; `killWorker` sends it SIGKILL and starts another. */
  startWorker(): void;
  killWorker(): void;
  stop(): Promise<void>;
}

export async function startChaosStack(opts: { scenario: ScenarioInput; workerTimeoutMs: number; timeScale: number }): Promise<ChaosStack> {
  const admin = { email: "chaos-admin@hbr.local", password: `chaos-${randomUUID()}` };
  await ensureBuild(say);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-chaos-"));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "chaos" });
  await migrate(pg.url, readMigrations(MIGRATIONS_DIR));
  const [emulatorPort, webPort] = [await freePort(), await freePort()];
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
    const web = launch(webArgs({ port: webPort, host: "127.0.0.1" }));
    await waitForPort(webPort, "127.0.0.1", () => web.exitCode === null);
    const base = `http://127.0.0.1:${webPort}`;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(admin) });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    let worker: ChildProcess | null = null;
    const startWorker = () => {
      worker = launch(["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { CLOUD_TIMEOUT_MS: String(opts.workerTimeoutMs) });
    };
    return {
      base,
      cookie,
      cloud: createCloudClients(parseEnv(process.env)),
      db: getDb(),
      async emulatorAdmin<T>(p: string, method: string, body?: unknown): Promise<T> {
        const res = await fetch(`http://127.0.0.1:${emulatorPort}/__emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
        if (!res.ok) throw new Error(`emulator ${method} ${p}: ${res.status}`);
        return (await res.json()) as T;
      },
      api: (method, p, body, headers = {}) =>
        fetch(`${base}${p}`, { method, headers: { "content-type": "application/json", cookie, origin: base, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }),
      startWorker,
      killWorker() {
        worker?.kill("SIGKILL");
        startWorker();
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
