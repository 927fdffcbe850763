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
import { load as loadAt, pct } from "./load";

// The plans API and the dashboard over the large seed (10,000 plans, 50,000 instances, 200,000 jobs) on the
// production server, at 50 concurrent requests, with the plans query also timed as raw SQL through `pg` in the
// same run: what the API adds over the database itself.

const DIST = ".next-bench-api";
const CONCURRENCY = 50;
const REQUESTS = 1_000;
/** Latencies (ms) of `total` calls of `run`, `concurrency` at a time (the bench's defaults). */
const load = (run: () => Promise<void>, total = REQUESTS, concurrency = CONCURRENCY) => loadAt(run, total, concurrency);
const REGION = "ap-southeast-1";
const ADMIN = { email: "bench-admin@hbr.local", password: "bench-password-1" };

/** `next build` into its own folder; puts back tsconfig.json and next-env.d.ts, which the build rewrites. */
function build(): void {
  const kept = ["tsconfig.json", "next-env.d.ts"].map((file) => [file, fs.readFileSync(file, "utf8")] as const);
  try {
    const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error("next build failed; see its output above");
  } finally {
    for (const [file, text] of kept) if (fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  }
}


/** The SQL listPlans runs for these filters (page of 50 by createdAt desc, instance counts, open actions, total). */
const PLANS_SQL = {
  filters: {
    where: `"regionId" = $1 AND "status" = 'active' AND "mode" = 'auto'`,
    params: [REGION],
  },
  text: {
    where: `p."id" IN (SELECT "id" FROM "plan" WHERE "name" ILIKE $1 OR "id" = $2 UNION SELECT "planId" FROM "plan_instance" WHERE "instanceId" = $2 OR "instanceName" ILIKE $1)`,
    params: ["%large-4999%", "large-4999"],
  },
  breached: {
    where: `"status" = 'active' AND "paused" = false AND "rpoDueAt" < now()`,
    params: [],
  },
} as const;
const PLANS_QUERY: Record<keyof typeof PLANS_SQL, string> = {
  filters: `regionId=${REGION}&status=active&mode=auto&pageSize=50`,
  text: "q=large-4999&pageSize=50",
  breached: "rpo=breached&pageSize=50",
};

export async function benchApi(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-api-"));
  fs.chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 10 });
  // PostgreSQL stopping at the end ends the pool's idle connections: expected, not a failure.
  pool.on("error", () => {});
  try {
    await migrate(pgServer.url, readMigrations(MIGRATIONS_DIR));
    const emulatorPort = await freePort();
    const webPort = await freePort();
    const env = {
      ...process.env, DATABASE_URL: pgServer.url, DATA_DIR: path.join(dir, "data"), EMULATOR_PORT: String(emulatorPort), PORT: String(webPort),
      HOST: "127.0.0.1", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: "warn", NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1",
      AUTH_RATE_LIMIT_MAX: "1000",
    };
    const emulator = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--in-memory"], { env, stdio: "ignore" });
    children.push(emulator);
    await waitForPort(emulatorPort, "127.0.0.1", () => emulator.exitCode === null);
    const admin = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/lib/create-admin.ts"], { env, stdio: "inherit" });
    if (admin.status !== 0) throw new Error("creating the bench admin failed");

    const seeded = await seedLargeFleet(
      { databaseUrl: pgServer.url, emulatorUrl: `http://127.0.0.1:${emulatorPort}` },
      { plans: 10_000, instances: 50_000, jobs: 200_000, regionId: REGION, replicationRegionId: "cn-hongkong", now: Date.now() },
    );
    console.log(`api.seed_large_s=${((seeded.emulatorMs + seeded.databaseMs) / 1000).toFixed(1)} (emulator ${(seeded.emulatorMs / 1000).toFixed(1)} s, database ${(seeded.databaseMs / 1000).toFixed(1)} s; ${seeded.plans} plans, ${seeded.instances} instances, ${seeded.jobs} jobs, ${seeded.breaching} breaching)`);

    build();
    const web = spawn(process.execPath, webArgs({ port: webPort, host: "127.0.0.1" }), { env, stdio: ["ignore", "ignore", "inherit"] });
    children.push(web);
    await waitForPort(webPort, "127.0.0.1", () => web.exitCode === null);
    const base = `http://127.0.0.1:${webPort}`;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify(ADMIN),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const get = (p: string) => async () => {
      const res = await fetch(`${base}${p}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    for (const [name, sql] of Object.entries(PLANS_SQL) as [keyof typeof PLANS_SQL, (typeof PLANS_SQL)[keyof typeof PLANS_SQL]][]) {
      const raw = async () => {
        await Promise.all([
          pool.query(
            `SELECT p.*, (SELECT count(*) FROM "plan_instance" c WHERE c."planId" = p."id")::int AS "instanceCount",
               EXISTS (SELECT 1 FROM "plan_action" a WHERE a."planId" = p."id" AND a."status" IN ('pending', 'running')) AS "hasOpenAction"
             FROM "plan" p WHERE ${sql.where}
             ORDER BY p."createdAt" DESC, p."id" ASC LIMIT 50`,
            [...sql.params],
          ),
          pool.query(`SELECT count(*)::int AS n FROM "plan" p WHERE ${sql.where}`, [...sql.params]),
        ]);
      };
      const api = get(`/api/plans?${PLANS_QUERY[name]}`);
      await load(api, 100);
      await load(raw, 100);
      const apiTimes = await load(api);
      const rawTimes = await load(raw);
      console.log(
        `api.plans_${name}_p50_ms=${pct(apiTimes, 50).toFixed(1)} api.plans_${name}_p99_ms=${pct(apiTimes, 99).toFixed(1)} ` +
          `api.plans_${name}_sql_p99_ms=${pct(rawTimes, 99).toFixed(1)} api.plans_${name}_p99_ratio_to_sql=${(pct(apiTimes, 99) / pct(rawTimes, 99)).toFixed(2)}  (GET /api/plans?${PLANS_QUERY[name]}, ${CONCURRENCY} concurrent; goal p99 < 50 ms, ratio <= 2)`,
      );
    }
    const dashboard = get(`/api/dashboard?regionId=${REGION}`);
    // One computation alone: the server reuses an answer for 5 s, so wait that out first.
    await new Promise((r) => setTimeout(r, 6_000));
    const cold = await load(dashboard, 1, 1);
    await load(dashboard, 100);
    const dashTimes = await load(dashboard, 500);
    console.log(
      `api.dashboard_computation_ms=${cold[0]!.toFixed(1)} api.dashboard_p50_ms=${pct(dashTimes, 50).toFixed(1)} api.dashboard_p99_ms=${pct(dashTimes, 99).toFixed(1)}  ` +
        `(GET /api/dashboard?regionId=${REGION}: one request alone, then ${CONCURRENCY} concurrent, answers reused for 5 s)`,
    );
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await pool.end();
    await pgServer.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
