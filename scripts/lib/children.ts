import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Child processes of `npm start`, recorded in DATA_DIR/run/children.json so that a starter killed with -9
// does not leave the next start facing a busy port: the next start ends the recorded orphans first.

interface Recorded {
  pid: number;
  name: string;
  marker: string;
}

const MARKER_ENV = "HBR_CHILD_MARKER";

function runFile(dataDir: string): string {
  return path.resolve(dataDir, "run", "children.json");
}

function readRecorded(dataDir: string): Recorded[] {
  try {
    return JSON.parse(fs.readFileSync(runFile(dataDir), "utf8")) as Recorded[];
  } catch {
    return [];
  }
}

/** Is `pid` still the process we started (same marker in its environment), not a recycled PID? */
function isOurs(rec: Recorded): boolean {
  try {
    return fs.readFileSync(`/proc/${rec.pid}/environ`, "utf8").split("\0").includes(`${MARKER_ENV}=${rec.marker}`);
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids;
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter((pid) => fs.existsSync(`/proc/${pid}`));
  }
  return alive;
}

/** Ends what a crashed earlier start left running (whole process groups), then forgets it. */
export async function stopOrphans(dataDir: string, log: (line: string) => void): Promise<void> {
  const orphans = readRecorded(dataDir).filter(isOurs);
  for (const o of orphans) {
    log(`stopping ${o.name} (pid ${o.pid}) left over from an earlier run`);
    try {
      process.kill(-o.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const stubborn = await waitGone(orphans.map((o) => o.pid), 10_000);
  for (const pid of stubborn) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  fs.rmSync(runFile(dataDir), { force: true });
}

export class Children {
  private readonly procs: { name: string; child: ChildProcess; marker: string }[] = [];
  private stopping = false;

  constructor(
    private readonly dataDir: string,
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
  ) {}

  spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const marker = `${process.pid}-${name}-${Date.now()}`;
    // Own process group, so stopping a child also stops what it spawned (next start → next-server).
    const child = spawn(command, args, {
      env: { ...env, [MARKER_ENV]: marker },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    this.procs.push({ name, child, marker });
    this.persist();
    child.on("exit", (code) => {
      if (!this.stopping) this.onUnexpectedExit(name, code);
    });
    return child;
  }

  private persist(): void {
    const file = runFile(this.dataDir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const recs: Recorded[] = this.procs.map((p) => ({ pid: p.child.pid!, name: p.name, marker: p.marker }));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(recs));
    fs.renameSync(`${file}.tmp`, file);
  }

  /** SIGTERM every child's group, wait up to 15 s, then SIGKILL what is left. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const running = this.procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const p of running) {
      try {
        process.kill(-p.child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    const left = await waitGone(running.map((p) => p.child.pid!), 15_000);
    for (const pid of left) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    fs.rmSync(runFile(this.dataDir), { force: true });
  }
}
