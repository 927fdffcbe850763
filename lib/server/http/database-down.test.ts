import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "@/lib/server/auth/auth";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl, getEnv } from "@/lib/server/env";
import { getHealth as readHealth } from "@/lib/server/health/get-health";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute, withStatus } from "@/lib/server/http/with-route";
import { listPlans as readPlans } from "@/lib/server/plans/list-plans";
import { createTestDatabase } from "@/lib/server/testing/database";
import { signedInUser } from "@/lib/server/testing/users";
import { createUser as saveUser } from "@/lib/server/users/create-user";
import { startEmbeddedPostgres, type PostgresServer } from "@/scripts/lib/embedded-postgres";
import { freePort } from "@/scripts/lib/ports";

// Three routes as app/api wires them (lib/server may not import app/): a signed-in read, an admin write, health.
const listPlans = withRoute(apiRoutes.listPlans, async ({ query }) => readPlans(getDb(), query));
const createUser = withRoute(apiRoutes.createUser, async ({ body, user, requestId }) =>
  saveUser({ db: getDb(), auth: getAuth() }, body, { id: user.id, requestId }),
);
const getHealth = withRoute(apiRoutes.health, async () => {
  const health = await readHealth(getDb(), getEnv());
  return withStatus(health, health.status === "ok" ? 200 : 503);
});

// The console's own PostgreSQL server, started for this file and then stopped under the running routes.
let server: PostgresServer | undefined;
let dir: string;
let adminCookie: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-db-down-"));
  fs.chmodSync(dir, 0o755);
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "postgres" });
  process.env.DATABASE_URL = await createTestDatabase(server.url, { migrated: true });
  expect(databaseUrl()).toBe(process.env.DATABASE_URL);
  adminCookie = (await signedInUser("admin")).cookie;
  const before = await listPlans(get("/api/plans"), noParams);
  expect(before.status).toBe(200);
  await server.stop();
  server = undefined;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const noParams = { params: Promise.resolve({}) };
const get = (url: string, cookie = adminCookie) =>
  new NextRequest(new URL(url, "http://127.0.0.1:3000"), { headers: cookie ? { cookie } : {} });

describe("with PostgreSQL stopped", () => {
  it("a read answers 503 UNAVAILABLE with Retry-After, not 500", async () => {
    // The session is remembered for a few seconds; past that the lookup itself meets the stopped database.
    await new Promise((r) => setTimeout(r, 5_100));
    for (const cookie of [adminCookie, ""]) {
      const res = await listPlans(get("/api/plans?page=1", cookie), noParams);
      expect(res.status, cookie ? "signed in" : "anonymous").toBe(cookie ? 503 : 401);
      if (!cookie) continue;
      expect(res.headers.get("retry-after")).toBe("5");
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/database is not reachable/) });
    }
  });

  it("a write answers 503 too", async () => {
    const res = await createUser(
      new NextRequest("http://127.0.0.1:3000/api/users", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: adminCookie },
        body: JSON.stringify({ name: "Nobody", email: "nobody@test.local", password: "password123", role: "viewer" }),
      }),
      noParams,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("health still answers with its own report, even with a session cookie", async () => {
    const res = await getHealth(get("/api/health"), noParams);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "down", db: { ok: false } });
  });
});
