import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseUrl, dbPoolMax, EnvError, parseEnv } from "@/lib/server/env";

describe("parseEnv", () => {
  it("gives every variable its documented default", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: ".data", PG_PORT: 54329, ADMIN_EMAIL: "admin@hbr.local", LOG_LEVEL: "info" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TRUSTED_PROXIES).toEqual([]);
  });

  it("treats empty strings as unset, like .env files do", () => {
    const env = parseEnv({ PORT: "", ADMIN_PASSWORD: "" });
    expect(env.PORT).toBe(3000);
    expect(env.ADMIN_PASSWORD).toBeUndefined();
  });

  it.each([
    [{ PORT: "abc" }, "PORT", /PORT .*"abc"/],
    [{ PORT: "70000" }, "PORT", /PORT/],
    [{ PG_PORT: "0" }, "PG_PORT", /PG_PORT/],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL", /DATABASE_URL must be a postgresql:\/\/ URL/],
    [{ ADMIN_EMAIL: "nobody" }, "ADMIN_EMAIL", /ADMIN_EMAIL/],
    [{ ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD", /ADMIN_PASSWORD must be at least 8 characters/],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", /LOG_LEVEL .*"loud"/],
    [{ TRUSTED_PROXIES: "10.0.0.1, proxy.local" }, "TRUSTED_PROXIES", /TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges/],
    [{ TRUSTED_PROXIES: "10.0.0.0/33" }, "TRUSTED_PROXIES", /TRUSTED_PROXIES/],
  ])("rejects %o with one line naming %s", (raw, variable, message) => {
    let caught: unknown;
    try {
      parseEnv(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    expect((caught as EnvError).variable).toBe(variable);
    expect((caught as EnvError).message).toMatch(message);
    expect((caught as EnvError).message).not.toContain("\n");
  });

  it("gives the worker a smaller connection pool than the web, each configurable", () => {
    expect(dbPoolMax(parseEnv({}))).toBe(10);
    expect(dbPoolMax(parseEnv({ HBR_PROCESS: "worker" }))).toBe(4);
    expect(parseEnv({}).WORKER_QUEUE_POOL_MAX).toBe(2);
    expect(dbPoolMax(parseEnv({ HBR_PROCESS: "worker", WORKER_DB_POOL_MAX: "2", DB_POOL_MAX: "30" }))).toBe(2);
    expect(dbPoolMax(parseEnv({ HBR_PROCESS: "web", WORKER_DB_POOL_MAX: "2", DB_POOL_MAX: "30" }))).toBe(30);
    expect(() => parseEnv({ DB_POOL_MAX: "0" })).toThrow(/DB_POOL_MAX/);
  });

  it("reads TRUSTED_PROXIES as a list of addresses and CIDR ranges", () => {
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.0/8, 192.0.2.1 ,fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "192.0.2.1", "fd00::/8"]);
  });

  it("gives the embedded server a generated password kept in DATA_DIR/pg-password, mode 0600, the same every time", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-env-"));
    try {
      const env = parseEnv({ DATA_DIR: dataDir });
      const url = new URL(databaseUrl(env));
      expect(url.host).toBe("127.0.0.1:54329");
      expect(url.username).toBe("postgres");
      expect(url.password).not.toBe("postgres");
      expect(url.password).toBe(fs.readFileSync(path.join(dataDir, "pg-password"), "utf8"));
      expect(fs.statSync(path.join(dataDir, "pg-password")).mode & 0o777).toBe(0o600);
      expect(databaseUrl(parseEnv({ DATA_DIR: dataDir }))).toBe(url.toString());
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("uses DATABASE_URL instead of the embedded server when given", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u:p@db.example:5433/x" });
    expect(databaseUrl(env)).toBe("postgres://u:p@db.example:5433/x");
  });
});
