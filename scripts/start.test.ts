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

/** The environment of a full `npm start` (embedded PostgreSQL, emulator, worker, web) on free ports in `dataDir`. */
async function startEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  return {
    ...process.env,
    DATABASE_URL: "",
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    PG_PORT: String(await freePort()),
    EMULATOR_PORT: String(await freePort()),
    ADMIN_PASSWORD: "crash-test-password",
    LOG_LEVEL: "warn",
  } as unknown as NodeJS.ProcessEnv;
}

/** Starts `npm start`'s script; `healthy` resolves once it printed its URL, `exited` with its exit code. */
function launchStart(env: NodeJS.ProcessEnv) {
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
}

const recordedChildren = (dataDir: string) =>
  JSON.parse(fs.readFileSync(path.join(dataDir, "run", "children.json"), "utf8")) as { pid: number; name: string }[];
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

/** Polls `check` every 100 ms until it holds; fails with `what` after `timeoutMs`. */
async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
    const env = await startEnv(dataDir);
    const launch = () => launchStart(env);
    const recorded = () => recordedChildren(dataDir);

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

describe("npm start heals itself", () => {
  it("restarts a kill -9'd worker and a stopped emulator while the web keeps serving, and stops everything when the worker keeps crashing", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-heal-"));
    fs.chmodSync(dataDir, 0o755);
    const env = await startEnv(dataDir);
    const url = `http://127.0.0.1:${env.PORT}`;
    const run = launchStart(env);
    const pidOf = (name: string) => recordedChildren(dataDir).find((r) => r.name === name)?.pid;
    const health = async () =>
      (await (await fetch(`${url}/api/health`)).json()) as { status: string; queue: { lastHeartbeatAt: string | null }; cloud: { ok: boolean } };
    try {
      await run.healthy;
      const everyPid = recordedChildren(dataDir).map((r) => r.pid);

      // The worker is killed: the web keeps answering, a new worker starts and its heartbeat comes through the queue.
      const firstWorker = pidOf("worker")!;
      const killedAt = new Date();
      process.kill(firstWorker, "SIGKILL");
      await waitUntil("the restart line", () => run.output().includes("[start] worker exited (signal SIGKILL); restarting in 1 s (restart 1)"));
      expect((await fetch(`${url}/sign-in`)).status).toBe(200);
      await waitUntil("a new worker", () => (pidOf("worker") ?? firstWorker) !== firstWorker, 10_000);
      await waitUntil("a heartbeat of the new worker", async () => {
        const h = await health();
        return h.status === "ok" && h.queue.lastHeartbeatAt! > killedAt.toISOString();
      });

      // The emulator is stopped (it saves its state and exits 0): it is started again and the cloud answers again.
      const firstEmulator = pidOf("emulator")!;
      process.kill(firstEmulator, "SIGTERM");
      await waitUntil("the emulator's restart line", () => run.output().includes("[start] emulator exited (code 0); restarting in 1 s (restart 1)"));
      await waitUntil("a new emulator", () => (pidOf("emulator") ?? firstEmulator) !== firstEmulator, 10_000);
      await waitUntil("the cloud answering again", async () => (await health()).cloud.ok);
      expect((await fetch(`${url}/sign-in`)).status).toBe(200);
      expect(run.child.exitCode).toBeNull();

      // A worker that keeps dying is started again after 2 s, 4 s, 8 s; its fifth exit within 2 minutes stops everything.
      for (const [restart, delay] of [[2, 2], [3, 4], [4, 8]]) {
        const worker = pidOf("worker")!;
        process.kill(worker, "SIGKILL");
        await waitUntil(`restart ${restart}`, () => run.output().includes(`worker exited (signal SIGKILL); restarting in ${delay} s (restart ${restart})`));
        await waitUntil(`worker of restart ${restart}`, () => (pidOf("worker") ?? worker) !== worker, delay * 1000 + 5_000);
      }
      const running = recordedChildren(dataDir).map((r) => r.pid);
      process.kill(pidOf("worker")!, "SIGKILL");
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain("[start] worker exited 5 times within 120 s (last: signal SIGKILL); it keeps crashing, so stopping everything");
      expect([...everyPid, ...running].some(alive)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill("SIGINT");
        await run.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it("stops everything with exit code 1 when the database dies, PostgreSQL's own processes included", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-heal-"));
    fs.chmodSync(dataDir, 0o755);
    const run = launchStart(await startEnv(dataDir));
    try {
      await run.healthy;
      const everyPid = recordedChildren(dataDir).map((r) => r.pid);
      const postgres = recordedChildren(dataDir).find((r) => r.name === "postgres")!.pid;
      const server = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
      expect(alive(server)).toBe(true);
      process.kill(postgres, "SIGKILL"); // its PostgreSQL server outlives it, in its process group
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain("[start] postgres exited unexpectedly (signal SIGKILL); stopping everything");
      expect([...everyPid, server].some(alive)).toBe(false);
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill("SIGINT");
        await run.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
