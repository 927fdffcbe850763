import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Child processes of `npm start`, recorded in DATA_DIR/run/children.json so that a starter killed with -9
// does not leave the next start facing a busy port: the next start ends the recorded orphans first.
// A child that may restart (web, worker, emulator) is started again when it exits on its own, after a backoff;
// one that keeps crashing, or one that may not restart (the database), stops everything.

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

/** Whether any process of the group led by `pid` is still running (the leader may be gone already). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(groupAlive);
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter(groupAlive);
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

/** When a child that exited on its own is started again, and when `npm start` gives up on it. */
export const RESTART_POLICY = {
  /** Wait before the first restart; doubled for each further one in a row… */
  firstDelayMs: 1_000,
  /** …up to this. */
  maxDelayMs: 30_000,
  /** A child that stayed up this long before exiting starts again from the first delay. */
  stableAfterMs: 60_000,
  /** This many exits of one child within `crashWindowMs` stop everything. */
  maxCrashes: 5,
  crashWindowMs: 120_000,
} as const;

export interface SpawnOptions {
  /** Stopped after every other child (the database outlives its clients). */
  stopLast?: boolean;
  /** Started again after a backoff when it exits on its own; otherwise its exit stops everything. */
  restart?: boolean;
}

/** A child of `npm start` and, when it restarts, its current process. */
export interface Supervised {
  readonly name: string;
  readonly process: ChildProcess;
  /** Running now, or about to be started again (not given up on, not stopped). */
  isAlive(): boolean;
}

/** How a process ended, for the log: "code 1", "signal SIGKILL". */
const howExited = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `signal ${signal}` : `code ${code}`);
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

class Child implements Supervised {
  process!: ChildProcess;
  marker = "";
  startedAt = 0;
  /** Restarts in a row since the child last stayed up `stableAfterMs`; sets the next delay. */
  restartsInARow = 0;
  restarts = 0;
  crashes: number[] = [];
  timer: NodeJS.Timeout | null = null;
  done = false;

  constructor(
    readonly name: string,
    readonly command: string,
    readonly args: string[],
    readonly env: NodeJS.ProcessEnv,
    readonly stopLast: boolean,
    readonly restart: boolean,
  ) {}

  isAlive(): boolean {
    return !this.done;
  }

  running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }
}

export class Children {
  private readonly procs: Child[] = [];
  private stopping = false;

  /**
   * `say` logs a restart; `onFatal` gets the one line saying why everything must stop (a child that may not
   * restart exited, or one kept crashing).
   */
  constructor(
    private readonly dataDir: string,
    private readonly say: (line: string) => void,
    private readonly onFatal: (line: string) => void,
  ) {}

  spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, opts: SpawnOptions = {}): Supervised {
    const child = new Child(name, command, args, env, opts.stopLast ?? false, opts.restart ?? false);
    this.procs.push(child);
    this.start(child);
    return child;
  }

  private start(child: Child): void {
    child.marker = `${process.pid}-${child.name}-${Date.now()}`;
    child.startedAt = Date.now();
    // Own process group, so stopping a child also stops what it spawned (next start → next-server).
    const proc = spawn(child.command, child.args, {
      env: { ...child.env, [MARKER_ENV]: child.marker },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    child.process = proc;
    this.persist();
    let ended = false;
    const onEnd = (how: string) => {
      if (ended) return;
      ended = true;
      if (!this.stopping) void this.exited(child, proc, how);
    };
    proc.on("exit", (code, signal) => onEnd(howExited(code, signal)));
    proc.on("error", (err) => onEnd(`error ${err.message}`));
  }

  /** A child exited on its own: end what is left of its process group, then restart it or give up. */
  private async exited(child: Child, proc: ChildProcess, how: string): Promise<void> {
    const now = Date.now();
    const upMs = now - child.startedAt;
    if (!child.restart) {
      child.done = true;
      this.onFatal(`${child.name} exited unexpectedly (${how}); stopping everything`);
      return;
    }
    child.crashes = [...child.crashes.filter((t) => now - t < RESTART_POLICY.crashWindowMs), now];
    if (child.crashes.length >= RESTART_POLICY.maxCrashes) {
      child.done = true;
      this.onFatal(
        `${child.name} exited ${child.crashes.length} times within ${RESTART_POLICY.crashWindowMs / 1000} s (last: ${how}); it keeps crashing, so stopping everything`,
      );
      return;
    }
    if (upMs >= RESTART_POLICY.stableAfterMs) child.restartsInARow = 0;
    const delayMs = Math.min(RESTART_POLICY.firstDelayMs * 2 ** child.restartsInARow, RESTART_POLICY.maxDelayMs);
    child.restartsInARow++;
    child.restarts++;
    this.say(`${child.name} exited (${how}); restarting in ${seconds(delayMs)} (restart ${child.restarts})`);
    // What the child started (next-server under `next start`) would otherwise keep its port.
    if (proc.pid) await stopProcessGroups([proc.pid], 5_000);
    if (this.stopping) return;
    child.timer = setTimeout(() => {
      child.timer = null;
      if (!this.stopping) this.start(child);
    }, delayMs);
  }

  private persist(): void {
    const file = runFile(this.dataDir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const recs: Recorded[] = this.procs
      .filter((p) => p.process.pid !== undefined)
      .map((p) => ({ pid: p.process.pid!, name: p.name, marker: p.marker, stopLast: p.stopLast }));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(recs));
    fs.renameSync(`${file}.tmp`, file);
  }

  /** SIGTERM every child's group (the stopLast ones after the others), wait up to 15 s each, then SIGKILL. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const p of this.procs) {
      if (p.timer) clearTimeout(p.timer);
      p.done = true;
    }
    await this.stopGroup(this.procs.filter((p) => !p.stopLast));
    await this.stopGroup(this.procs.filter((p) => p.stopLast));
    fs.rmSync(runFile(this.dataDir), { force: true });
  }

  private async stopGroup(procs: Child[]): Promise<void> {
    // Also a group whose leader is gone but whose members are not.
    const pids = procs.map((p) => p.process.pid).filter((pid): pid is number => pid !== undefined);
    await stopProcessGroups(pids, 15_000);
  }
}
