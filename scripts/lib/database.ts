import path from "node:path";
import pg from "pg";
import type { Env } from "@/lib/server/env";
import { migrate, readMigrations } from "@/lib/server/db/migrations";
import { stopOrphanedPostmaster } from "./postmaster";
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

/** Waits until PostgreSQL at `url` accepts connections, or `isAlive()` turns false. */
export async function waitForDatabase(url: string, isAlive: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch (err) {
      if (!isAlive() || Date.now() > deadline) throw err;
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Applies the committed migrations, saying what it did. */
export async function migrateDatabase(url: string, log: (line: string) => void): Promise<void> {
  const result = await migrate(url, readMigrations(MIGRATIONS_DIR));
  log(
    result.applied.length
      ? `applied migrations: ${result.applied.join(", ")}`
      : `database schema up to date (${result.alreadyApplied} migrations)`,
  );
}

/** Before the embedded server starts: end a crashed run's postgres, and refuse a PG_PORT someone else holds. */
export async function prepareEmbeddedDatabase(env: Env): Promise<string> {
  const dataDir = path.resolve(env.DATA_DIR, "postgres");
  await stopOrphanedPostmaster(dataDir);
  if (await isPortBusy(env.PG_PORT)) {
    fail(`Invalid configuration: PG_PORT ${env.PG_PORT} is already in use; stop what listens there or set PG_PORT.`);
  }
  return dataDir;
}
