import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../lib/build";
import { freePort } from "../lib/ports";

// npm start as a new user meets it: first on a fresh clone (no production build, no data: the first build,
// initdb, migrations, the admin, emulator, worker, web), then with the build made (empty data dir), then again
// with everything in place, and Ctrl-C. The first-start build goes to its own folder (NEXT_DIST_DIR), so the
// console's .next is never touched. Run it on an idle machine: it measures the machine as much as the console.

const FIRST_DIST = ".next-bench-startup";

/** Seconds from spawning `npm start`'s script to /api/health answering ok, then a clean stop. */
async function timeStart(dataDir: string, env: Record<string, string> = {}): Promise<{ seconds: number; stopSeconds: number; buildSeconds: number | null }> {
  const port = await freePort();
  const pgPort = await freePort();
  const emulatorPort = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), PG_PORT: String(pgPort), EMULATOR_PORT: String(emulatorPort), DATA_DIR: dataDir, ADMIN_PASSWORD: "bench-password", LOG_LEVEL: "warn", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "ignore"],
  });
  // start.ts says when it begins building; the next line it prints comes after the build.
  let buildStarted: number | null = null;
  let buildSeconds: number | null = null;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (!line.startsWith("[start]")) continue;
      if (buildStarted === null && line.includes("building")) buildStarted = performance.now();
      else if (buildStarted !== null && buildSeconds === null) buildSeconds = (performance.now() - buildStarted) / 1000;
    }
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
  return { seconds, stopSeconds: (performance.now() - stopping) / 1000, buildSeconds };
}

export async function benchStartup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-"));
  fs.chmodSync(dir, 0o755);
  try {
    fs.rmSync(FIRST_DIST, { recursive: true, force: true });
    // A build into another folder adds its types to tsconfig.json (and next-env.d.ts): put them back after.
    const kept = ["tsconfig.json", "next-env.d.ts"].map((file) => [file, fs.readFileSync(file, "utf8")] as const);
    const first = await timeStart(path.join(dir, "first"), { NEXT_DIST_DIR: FIRST_DIST }).finally(() => {
      for (const [file, text] of kept) if (fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
    });
    fs.rmSync(FIRST_DIST, { recursive: true, force: true });
    console.log(
      `startup.first_start_s=${first.seconds.toFixed(1)} startup.first_build_s=${first.buildSeconds?.toFixed(1) ?? "?"}  ` +
        `(fresh clone after npm install: production build, initdb, migrations, admin seed, emulator, worker, web → healthy; load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
    );
    await ensureBuild((line) => console.log(`[bench] ${line}`));
    const empty = await timeStart(path.join(dir, "data"));
    const initialised = await timeStart(path.join(dir, "data"));
    console.log(`startup.empty_data_dir_s=${empty.seconds.toFixed(2)}  (build present: initdb, migrations, admin seed, worker, web)`);
    console.log(`startup.initialised_data_dir_s=${initialised.seconds.toFixed(2)}`);
    console.log(`shutdown.ctrl_c_s=${initialised.stopSeconds.toFixed(2)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
