import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Child processes of `npm start`, recorded in DATA_DIR/run/children.json so that a starter killed with -9
// does not leave the next start facing a busy port: the next start ends the recorded orphans first.

interface Recorded {
  pid: number;
  name: string;
  marker: string;
  stopLast: boolean;
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
  for (const last of [false, true]) {
    const group = orphans.filter((o) => o.stopLast === last);
    for (const o of group) log(`stopping ${o.name} (pid ${o.pid}) left over from an earlier run`);
    await stopProcessGroups(group.map((o) => o.pid), 10_000);
  }
  fs.rmSync(runFile(dataDir), { force: true });
}

/** SIGTERM each process group, wait, then SIGKILL what is left. */
async function stopProcessGroups(pids: number[], graceMs: number): Promise<void> {
  for (const pid of pids) signalGroup(pid, "SIGTERM");
  for (const pid of await waitGone(pids, graceMs)) signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

export class Children {
  private readonly procs: { name: string; child: ChildProcess; marker: string; stopLast: boolean }[] = [];
  private stopping = false;

  constructor(
    private readonly dataDir: string,
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
  ) {}

  /** `stopLast`: stopped after every other child (the database outlives its clients). */
  spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, opts: { stopLast?: boolean } = {}): ChildProcess {
    const marker = `${process.pid}-${name}-${Date.now()}`;
    // Own process group, so stopping a child also stops what it spawned (next start → next-server).
    const child = spawn(command, args, {
      env: { ...env, [MARKER_ENV]: marker },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    this.procs.push({ name, child, marker, stopLast: opts.stopLast ?? false });
    this.persist();
    child.on("exit", (code) => {
      if (!this.stopping) this.onUnexpectedExit(name, code);
    });
    return child;
  }

  private persist(): void {
    const file = runFile(this.dataDir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const recs: Recorded[] = this.procs.map((p) => ({ pid: p.child.pid!, name: p.name, marker: p.marker, stopLast: p.stopLast }));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(recs));
    fs.renameSync(`${file}.tmp`, file);
  }

  /** SIGTERM every child's group (the stopLast ones after the others), wait up to 15 s each, then SIGKILL. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await this.stopGroup(this.procs.filter((p) => !p.stopLast));
    await this.stopGroup(this.procs.filter((p) => p.stopLast));
    fs.rmSync(runFile(this.dataDir), { force: true });
  }

  private async stopGroup(procs: { child: ChildProcess }[]): Promise<void> {
    const running = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    await stopProcessGroups(running.map((p) => p.child.pid!), 15_000);
  }
}
