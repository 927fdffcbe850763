import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { checksumOf, migrate, MigrationError, readMigrations, type MigrationFile } from "@/lib/server/db/migrations";
import { createTestDatabase, MIGRATIONS_DIR } from "@/lib/server/testing/database";

const clients: pg.Client[] = [];
async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  clients.push(client);
  await client.connect();
  const { rows } = await client.query<T>(sql);
  await client.end();
  return rows;
}
afterEach(() => clients.splice(0));

const file = (name: string, sql: string): MigrationFile => ({ name, sql, checksum: checksumOf(sql) });

describe("migrate", () => {
  it("applies the project's migrations to an empty database and records them like Prisma", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: false });
    const migrations = readMigrations(MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);

    const result = await migrate(url, migrations);
    expect(result).toEqual({ applied: migrations.map((m) => m.name), alreadyApplied: 0 });

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
    const tables = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["user", "session", "account", "audit_event"]));
  });

  it("applies nothing on a re-run", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: true });
    const result = await migrate(url, readMigrations(MIGRATIONS_DIR));
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(readMigrations(MIGRATIONS_DIR).length);
  });

  it("applies only what is new, in name order", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: false });
    const a = file("20260101000000_a", "CREATE TABLE a (id int)");
    const b = file("20260102000000_b", "CREATE TABLE b (id int)");
    await migrate(url, [a]);
    expect((await migrate(url, [a, b])).applied).toEqual(["20260102000000_b"]);
  });

  it("refuses to run when an applied migration's file changed", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: false });
    await migrate(url, [file("20260101000000_a", "CREATE TABLE a (id int)")]);
    const changed = file("20260101000000_a", "CREATE TABLE a (id bigint)");
    const next = file("20260102000000_b", "CREATE TABLE b (id int)");

    await expect(migrate(url, [changed, next])).rejects.toThrow(/20260101000000_a was changed after it was applied/);
    await expect(migrate(url, [changed, next])).rejects.toMatchObject({ code: "CHECKSUM_MISMATCH" });
    const tables = await query<{ n: string }>(url, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'b'`);
    expect(tables[0]!.n).toBe("0");
  });

  it("refuses when an applied migration's folder is missing", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: false });
    await migrate(url, [file("20260101000000_a", "CREATE TABLE a (id int)")]);
    await expect(migrate(url, [])).rejects.toMatchObject({ code: "MISSING_FILE" });
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: false });
    const bad = file("20260101000000_bad", "CREATE TABLE half (id int); SELECT * FROM no_such_table;");
    const err = await migrate(url, [bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).message).toMatch(/20260101000000_bad failed and was rolled back: .*no_such_table/);
    const half = await query<{ n: string }>(url, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'half'`);
    expect(half[0]!.n).toBe("0");
    const recorded = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(recorded[0]!.n).toBe("0");
  });

  it("lets concurrent starters race safely: each migration runs exactly once", async () => {
    const url = await createTestDatabase(inject("pgAdminUrl"), { migrated: false });
    // A slow migration widens the window in which a second starter could sneak in without the lock.
    const slow = file("20260101000000_slow", "SELECT pg_sleep(0.3); CREATE TABLE once (id int)");
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(url, [slow])));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, 1]);
    const recorded = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(recorded[0]!.n).toBe("1");
  });

  it("reads migration folders in name order and ignores stray files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-mig-"));
    for (const name of ["20260102000000_b", "20260101000000_a"]) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "migration.sql"), `-- ${name}`);
    }
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"');
    fs.mkdirSync(path.join(dir, "empty_folder"));
    expect(readMigrations(dir).map((m) => m.name)).toEqual(["20260101000000_a", "20260102000000_b"]);
    fs.rmSync(dir, { recursive: true });
  });
});
