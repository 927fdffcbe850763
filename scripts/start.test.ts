import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "./lib/ports";

/** Runs `npm start`'s script with `env` and returns its exit code and output; bad config never gets far. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-start-"));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, ...env } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm start refuses bad configuration with one clear line and exit code 1", () => {
  it.each([
    [{ PORT: "not-a-port" }, /^Invalid configuration: PORT .*"not-a-port"/],
    [{ LOG_LEVEL: "loud" }, /^Invalid configuration: LOG_LEVEL /],
    [{ ADMIN_PASSWORD: "short" }, /^Invalid configuration: ADMIN_PASSWORD must be at least 8 characters/],
    [{ DATABASE_URL: "mysql://somewhere/db" }, /^Invalid configuration: DATABASE_URL must be a postgresql:\/\/ URL/],
  ])("%o", async (env, message) => {
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names DATABASE_URL when the server cannot be reached", async () => {
    const port = await freePort();
    const result = await start({ DATABASE_URL: `postgresql://u:p@127.0.0.1:${port}/db`, PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`Invalid configuration: DATABASE_URL cannot be reached at 127.0.0.1:${port}/db (ECONNREFUSED).`);
  });

  it("names PORT when something already listens there", async () => {
    const server = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as net.AddressInfo;
    try {
      const result = await start({ PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Invalid configuration: PORT ${port} is already in use on 127.0.0.1; stop what listens there or set PORT.`);
    } finally {
      server.close();
    }
  });
});

describe("npm start after a crash", () => {
  it("stops what a kill -9'd start left running, starts again on the same data, and Ctrl-C leaves nothing behind", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-crash-"));
    fs.chmodSync(dataDir, 0o755);
    const env = {
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      PG_PORT: String(await freePort()),
      EMULATOR_PORT: String(await freePort()),
      ADMIN_PASSWORD: "crash-test-password",
      LOG_LEVEL: "warn",
    } as unknown as NodeJS.ProcessEnv;
    const launch = () => {
      const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], { env });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const healthy = new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes("Press Ctrl-C")) resolve();
          else if (child.exitCode !== null) reject(new Error(out));
          else return;
          clearInterval(timer);
        }, 100);
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      return { child, healthy, exited, output: () => out };
    };
    const recorded = () => JSON.parse(fs.readFileSync(path.join(dataDir, "run", "children.json"), "utf8")) as { pid: number }[];
    const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

    const first = launch();
    await first.healthy;
    const orphans = recorded().map((r) => r.pid);
    expect(orphans).toHaveLength(4); // postgres, emulator, worker, web
    first.child.kill("SIGKILL");
    await first.exited;
    expect(orphans.every(alive)).toBe(true);

    const second = launch();
    await second.healthy;
    expect(second.output()).toMatch(/stopping worker \(pid \d+\) left over from an earlier run/);
    expect(second.output()).toMatch(/stopping postgres \(pid \d+\) left over from an earlier run/);
    expect(orphans.some(alive)).toBe(false);
    const health = await (await fetch(`http://127.0.0.1:${env.PORT}/api/health`)).json();
    expect(health.status).toBe("ok");

    const running = recorded().map((r) => r.pid);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(running.some(alive)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
