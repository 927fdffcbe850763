// npm start: the whole console in one command. Embedded PostgreSQL (or DATABASE_URL), migrations, the seeded
// admin, the Alibaba Cloud emulator (unless CLOUD_MODE=alibaba), the worker and the web app; waits for /api/health, prints the URL and login, and stops everything
// cleanly on Ctrl-C. The web app, the worker and the emulator are started again when they exit on their own (with a
// backoff, see RESTART_POLICY); the database's exit, or a child that keeps crashing, stops everything with exit code 1.
// `npm run dev` does the same with `next dev` instead of a production build.
import fs from "node:fs";
import path from "node:path";
import { getAuth } from "@/lib/server/auth/auth";
import { getDb } from "@/lib/server/db/client";
import { ensureAdmin } from "@/lib/server/users/ensure-admin";
import { ensureBuild } from "./lib/build";
import { Children, stopOrphans } from "./lib/children";
import { checkDatabaseOrExit, migrateDatabase, prepareEmbeddedDatabase, waitForDatabase } from "./lib/database";
import { databaseUrl } from "@/lib/server/env";
import { isPortBusy, waitForPort } from "./lib/ports";
import { webArgs } from "./lib/web-command";
import { fail, loadEnvOrExit } from "./lib/server-env";

const isDev = process.argv.includes("--dev");
const started = performance.now();
const say = (line: string) => console.log(`[start] ${line}`);

const env = loadEnvOrExit();
const dataDir = path.resolve(env.DATA_DIR);
fs.mkdirSync(dataDir, { recursive: true });

let adminEmail = env.ADMIN_EMAIL;
let adminLine = "";

await stopOrphans(dataDir, say);
if (await isPortBusy(env.PORT, env.HOST)) {
  fail(`Invalid configuration: PORT ${env.PORT} is already in use on ${env.HOST}; stop what listens there or set PORT.`);
}

let stopped: Promise<never> | null = null;
/** Stops every child, then exits with `code`; a second call (a second Ctrl-C, a failure while stopping) waits for the first. */
function shutdown(code: number): Promise<never> {
  stopped ??= (async () => {
    say("stopping…");
    await children.stopAll();
    say("stopped");
    process.exit(code);
  })();
  return stopped;
}

const children = new Children(dataDir, say, (line) => {
  say(line);
  void shutdown(1);
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

const node = process.execPath;
const tsNode = [node, ["--conditions=react-server", "--import", "tsx"]] as const;
const dbUrl = databaseUrl(env);
try {
  if (env.DATABASE_URL) {
    await checkDatabaseOrExit(env.DATABASE_URL);
  } else {
    const pgDir = await prepareEmbeddedDatabase(env);
    say(`starting PostgreSQL (embedded) on 127.0.0.1:${env.PG_PORT}, data in ${pgDir}`);
    const db = children.spawn("postgres", tsNode[0], [...tsNode[1], "scripts/db-server.ts"], process.env, { stopLast: true });
    await waitForDatabase(dbUrl, () => db.isAlive());
  }
  await migrateDatabase(dbUrl, say);
  const admin = await ensureAdmin({ db: getDb(), auth: getAuth() }, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  await getDb().$disconnect();
  adminLine = admin.generatedPassword
    ? `with password ${admin.generatedPassword}\n  (generated now and shown only this once; set ADMIN_PASSWORD to choose it)`
    : env.ADMIN_PASSWORD
      ? "with ADMIN_PASSWORD"
      : "with the password printed at the first start";
  adminEmail = admin.email;
  if (!isDev) await ensureBuild(say);
} catch (err) {
  say((err as Error).message);
  await shutdown(1);
}

if (env.CLOUD_MODE === "emulator") {
  if (await isPortBusy(env.EMULATOR_PORT, env.EMULATOR_HOST)) {
    say(`Invalid configuration: EMULATOR_PORT ${env.EMULATOR_PORT} is already in use; stop what listens there or set EMULATOR_PORT.`);
    await shutdown(1);
  }
  const emulator = children.spawn("emulator", node, ["--import", "tsx", "emulator/main.ts"], { ...process.env, DATA_DIR: dataDir }, {
    stopLast: true,
    restart: true,
  });
  await waitForPort(env.EMULATOR_PORT, env.EMULATOR_HOST, () => emulator.isAlive()).catch(() => shutdown(1));
}

const childEnv = { ...process.env, DATABASE_URL: dbUrl, NEXT_TELEMETRY_DISABLED: "1" };
children.spawn("worker", tsNode[0], [...tsNode[1], "scripts/worker.ts"], { ...childEnv, HBR_PROCESS: "worker" }, { restart: true });
const web = isDev ? [path.resolve("node_modules/next/dist/bin/next"), "dev", "-p", String(env.PORT), "-H", env.HOST] : webArgs({ port: env.PORT, host: env.HOST });
children.spawn("web", node, web, {
  ...childEnv,
  HBR_PROCESS: "web",
  NODE_ENV: isDev ? "development" : "production",
}, { restart: true });

const url = `http://${env.HOST}:${env.PORT}`;
const deadline = Date.now() + 120_000;
let lastStatus = "no answer";
while (true) {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
    const health = (await res.json()) as { status: string };
    lastStatus = health.status;
    if (health.status === "ok") break;
  } catch {
    /* not listening yet */
  }
  if (Date.now() > deadline) {
    say(`the console did not become healthy within 120 s (last /api/health status: ${lastStatus})`);
    await shutdown(1);
  }
  await new Promise((r) => setTimeout(r, 250));
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
say(`healthy in ${seconds} s`);
console.log(`
  HBR Console is running at ${url}
  Sign in as ${adminEmail} ${adminLine}
  Press Ctrl-C to stop.
`);
