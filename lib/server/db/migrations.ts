import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations/<timestamp>_<name>/migration.sql in name order: one transaction per migration,
// one PostgreSQL advisory lock for the whole run (two starters never race), bookkeeping in Prisma's own
// `_prisma_migrations` table with sha256 checksums, and a refusal when an applied migration's file changed.

const LOCK_KEY = 72_17_09_08; // any constant shared by every starter of this app
const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36)  PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64)  NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ  NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER      NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly code: "CHECKSUM_MISMATCH" | "MISSING_FILE" | "FAILED" | "UNFINISHED",
    message: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

export function readMigrations(dir: string): MigrationFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(databaseUrl: string, migrations: MigrationFile[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // Migrations print notices (IF NOT EXISTS …); they are not errors.
  client.on("notice", () => {});
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(BOOKKEEPING_DDL);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`);
    const applied = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const byName = new Map(migrations.map((m) => [m.name, m]));

    for (const row of applied.values()) {
      const file = byName.get(row.migration_name);
      if (!row.finished_at) {
        throw new MigrationError(
          "UNFINISHED",
          `Migration ${row.migration_name} was started but never finished. Repair the database, then delete its row from _prisma_migrations.`,
        );
      }
      if (!file) {
        throw new MigrationError(
          "MISSING_FILE",
          `Migration ${row.migration_name} is applied to the database but its folder is missing from prisma/migrations.`,
        );
      }
      if (file.checksum !== row.checksum) {
        throw new MigrationError(
          "CHECKSUM_MISMATCH",
          `Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). Restore the file and put the change in a new migration.`,
        );
      }
    }

    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) {
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError("FAILED", `Migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
      }
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    await client.end();
  }
}
