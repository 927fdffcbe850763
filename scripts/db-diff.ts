// npm run db:diff -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the
// schema of the last migration to prisma/schema.prisma. The Prisma CLI cannot download its native engine here,
// so this uses the WASM schema engine, which needs a live PostgreSQL connection (a throw-away embedded one).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SchemaEngine } from "@prisma/schema-engine-wasm";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { freePort } from "./lib/ports";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <name>   (name: lowercase letters, digits, underscores)");
  process.exit(1);
}
const SCHEMA = "prisma/schema.prisma";
const MIGRATIONS = path.resolve("prisma/migrations");
const read = (f: string) => fs.readFileSync(f, "utf8");
const dirs = fs.readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-diff-"));
const pgServer = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: await freePort(), database: "diff" });
try {
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: pgServer.url }));
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA, read(SCHEMA)]] }, () => {}, adapter);
  const last = dirs.at(-1);
  const snapshot = last ? path.join(MIGRATIONS, last, "schema.prisma") : undefined;
  const from = snapshot
    ? { tag: "schemaDatamodel" as const, files: [{ path: snapshot, content: read(snapshot) }] }
    : { tag: "empty" as const };
  const { stdout: sql } = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: SCHEMA, content: read(SCHEMA) }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  if (!sql?.trim() || sql.includes("empty migration")) {
    console.log("No schema changes.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    // The engine cannot replay migrations offline (no shadow DB), so each folder keeps the schema it ends at.
    fs.copyFileSync(SCHEMA, path.join(dir, "schema.prisma"));
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await pgServer.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
