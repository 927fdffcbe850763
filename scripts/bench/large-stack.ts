import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { MIGRATIONS_DIR } from "../lib/database";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { seedLargeFleet } from "../lib/large-fleet";
import { freePort, waitForPort } from "../lib/ports";
import { webArgs } from "../lib/web-command";

// The whole console as `npm start` runs it (production web server, the worker with its syncs, the emulator,
// PostgreSQL) over the large seed, for the API and growth benchmarks. Each stack has its own throw-away database
// and emulator; the production build is made once per bench run into its own folder.

const DIST = ".next-bench-api";
export const LARGE_REGION = "ap-southeast-1";
const ADMIN = { email: "bench-admin@hbr.local", password: "bench-password-1" };

let built = false;
/** `next build` into the bench's folder, once per run; puts back tsconfig.json and next-env.d.ts, which it rewrites. */
function buildOnce(): void {
  if (built) return;
  const kept = ["tsconfig.json", "next-env.d.ts"].map((file) => [file, fs.readFileSync(file, "utf8")] as const);
  try {
    const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" },
    });
    if (result.status !== 0) throw new Error("next build failed; see its output above");
    built = true;
  } finally {
    for (const [file, text] of kept) if (fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  }
}

export interface LargeStack {
  base: string;
  /** The signed-in admin's cookie header. */
  cookie: string;
  /** A `pg` pool on the same database, for timing the same SQL directly. */
  pool: pg.Pool;
  plans: number;
  /** Starts the worker process (with the given sync interval); resolves when it is spawned. */
  startWorker(syncIntervalS: number): void;
  /** Resolves once the worker's first inventory pass of the large region has finished. */
  inventoryReady(timeoutMs: number): Promise<void>;
  /** A GET as the admin that fails on anything but 2xx. */
  get(p: string): () => Promise<void>;
  stop(): Promise<void>;
}

/** Seeds `plans` plans (by default 5 instances and 20 finished jobs per plan) and starts the production web server. */
export async function startLargeStack(plans: number, per: { instances: number; jobs: number } = { instances: 5, jobs: 20 }): Promise<LargeStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-api-"));
  fs.chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 10 });
  // PostgreSQL stopping at the end ends the pool's idle connections: expected, not a failure.
  pool.on("error", () => {});
  const stop = async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : null)));
    await pool.end();
    await pgServer.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrate(pgServer.url, readMigrations(MIGRATIONS_DIR));
    const emulatorPort = await freePort();
    const webPort = await freePort();
    const env = {
      ...process.env, DATABASE_URL: pgServer.url, DATA_DIR: path.join(dir, "data"), EMULATOR_PORT: String(emulatorPort), PORT: String(webPort),
      HOST: "127.0.0.1", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: "warn", NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1",
      AUTH_RATE_LIMIT_MAX: "1000", NODE_ENV: "production" as const,
    };
    const emulator = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--in-memory"], { env, stdio: "ignore" });
    children.push(emulator);
    await waitForPort(emulatorPort, "127.0.0.1", () => emulator.exitCode === null);
    const admin = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/lib/create-admin.ts"], { env, stdio: "inherit" });
    if (admin.status !== 0) throw new Error("creating the bench admin failed");

    const seeded = await seedLargeFleet(
      { databaseUrl: pgServer.url, emulatorUrl: `http://127.0.0.1:${emulatorPort}` },
      { plans, instances: plans * per.instances, jobs: plans * per.jobs, regionId: LARGE_REGION, replicationRegionId: "cn-hongkong", now: Date.now() },
    );
    console.log(
      `[bench] seeded ${seeded.plans} plans, ${seeded.instances} instances, ${seeded.jobs} jobs (${seeded.breaching} breaching) in ` +
        `${((seeded.emulatorMs + seeded.databaseMs) / 1000).toFixed(1)} s (emulator ${(seeded.emulatorMs / 1000).toFixed(1)} s, database ${(seeded.databaseMs / 1000).toFixed(1)} s)`,
    );
    await pool.query("VACUUM ANALYZE");

    buildOnce();
    // BENCH_CPU_PROF=<dir>: the web process writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
    const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
    const web = spawn(process.execPath, [...profile, ...webArgs({ port: webPort, host: "127.0.0.1" })], { env: { ...env, HBR_PROCESS: "web" }, stdio: ["ignore", "ignore", "inherit"] });
    children.push(web);
    await waitForPort(webPort, "127.0.0.1", () => web.exitCode === null);
    const base = `http://127.0.0.1:${webPort}`;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(ADMIN) });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return {
      base,
      cookie,
      pool,
      plans,
      startWorker(syncIntervalS) {
        const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
          env: { ...env, HBR_PROCESS: "worker", SYNC_INTERVAL_S: String(syncIntervalS), INVENTORY_SYNC_INTERVAL_S: String(syncIntervalS) },
          stdio: ["ignore", "ignore", "inherit"],
        });
        children.push(worker);
      },
      async inventoryReady(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const { rows } = await pool.query(`SELECT 1 FROM "inventory_sync" WHERE "regionId" = $1 AND "finishedAt" IS NOT NULL`, [LARGE_REGION]);
          if (rows.length) return;
          if (Date.now() > deadline) throw new Error(`the worker's first inventory pass of ${LARGE_REGION} did not finish within ${timeoutMs / 1000} s`);
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      get: (p) => async () => {
        const res = await fetch(`${base}${p}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
