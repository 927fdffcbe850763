import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { migrate, readMigrations } from "@/lib/server/db/migrations";

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

/** A new empty database on the test server; `migrated` applies the project's migrations to it. */
export async function createTestDatabase(adminUrl: string, opts: { migrated: boolean }): Promise<string> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (opts.migrated) await migrate(url.toString(), readMigrations(MIGRATIONS_DIR));
  return url.toString();
}
