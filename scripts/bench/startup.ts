import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../lib/build";
import { freePort } from "../lib/ports";

/** Seconds from spawning `npm start`'s script to /api/health answering ok, then a clean stop. */
async function timeStart(dataDir: string): Promise<{ seconds: number; stopSeconds: number }> {
  const port = await freePort();
  const pgPort = await freePort();
  const emulatorPort = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), PG_PORT: String(pgPort), EMULATOR_PORT: String(emulatorPort), DATA_DIR: dataDir, ADMIN_PASSWORD: "bench-password", LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const stopping = performance.now();
  child.kill("SIGINT");
  await exited;
  return { seconds, stopSeconds: (performance.now() - stopping) / 1000 };
}

export async function benchStartup(): Promise<void> {
  await ensureBuild((line) => console.log(`[bench] ${line}`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-"));
  fs.chmodSync(dir, 0o755);
  try {
    const empty = await timeStart(path.join(dir, "data"));
    const initialised = await timeStart(path.join(dir, "data"));
    console.log(`startup.empty_data_dir_s=${empty.seconds.toFixed(2)}  (initdb, migrations, admin seed, worker, web)`);
    console.log(`startup.initialised_data_dir_s=${initialised.seconds.toFixed(2)}`);
    console.log(`shutdown.ctrl_c_s=${initialised.stopSeconds.toFixed(2)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
