import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type PostgresServer } from "./embedded-postgres";
import { freePort } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

let server: PostgresServer | undefined;
let dir: string | undefined;

/** One real, throw-away PostgreSQL server for the whole run, on a free port; each test file gets its own database. */
export async function setup(project: TestProject) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-vitest-"));
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "postgres" });
  project.provide("pgAdminUrl", server.url);
}

export async function teardown() {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
