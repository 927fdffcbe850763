import path from "node:path";
import pg from "pg";
import { databaseUrl, type Env } from "@/lib/server/env";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { startEmbeddedPostgres, stopOrphanedPostmaster, type PostgresServer } from "./embedded-postgres";
import { isPortBusy } from "./ports";
import { fail } from "./server-env";

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}

/** Fails with one line naming DATABASE_URL when the server is unreachable or rejects us. */
export async function checkDatabaseOrExit(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  let version = 0;
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    version = Number(rows[0]!.server_version_num);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    fail(`Invalid configuration: DATABASE_URL cannot be reached at ${describeTarget(url)} (${e.code ?? e.message}).`);
  } finally {
    await client.end().catch(() => {});
  }
  if (version < 140000) fail(`Invalid configuration: DATABASE_URL points to PostgreSQL ${version}; 14 or newer is required.`);
}

/**
 * The database for this run: DATABASE_URL when given, else the embedded server in DATA_DIR/postgres on PG_PORT.
 * Either way it is migrated before anything else uses it.
 */
export async function openDatabase(env: Env, log: (line: string) => void): Promise<{ url: string; embedded?: PostgresServer }> {
  let embedded: PostgresServer | undefined;
  if (env.DATABASE_URL) {
    await checkDatabaseOrExit(env.DATABASE_URL);
  } else {
    const dataDir = path.resolve(env.DATA_DIR, "postgres");
    await stopOrphanedPostmaster(dataDir);
    if (await isPortBusy(env.PG_PORT)) {
      fail(`Invalid configuration: PG_PORT ${env.PG_PORT} is already in use; stop what listens there or set PG_PORT.`);
    }
    log(`starting PostgreSQL (embedded) on 127.0.0.1:${env.PG_PORT}, data in ${path.relative(process.cwd(), dataDir)}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: env.PG_PORT, database: "hbr" });
  }
  const url = databaseUrl(env);
  const result = await migrate(url, readMigrations(MIGRATIONS_DIR));
  log(
    result.applied.length
      ? `applied migrations: ${result.applied.join(", ")}`
      : `database schema up to date (${result.alreadyApplied} migrations)`,
  );
  return { url, embedded };
}
