import fs from "node:fs";
import path from "node:path";
import type {
  BackupJob, BackupPlan, EcsSnapshot, HbrSnapshot, Instance, Invocation, Policy, PolicyBinding, RamPolicy, RamRole,
  Region, RestoreJob, SecurityGroup, SendFileInvocation, SnapshotGroup, Task, VSwitch, Zone,
} from "./models.ts";

const COLLECTIONS = [
  "instances", "snapshots", "snapshotGroups", "invocations", "sendFiles", "policies", "bindings", "plans", "jobs",
  "hbrSnapshots", "tasks", "zones", "vSwitches", "securityGroups", "restoreJobs",
] as const;
type CollectionName = (typeof COLLECTIONS)[number];

/**
 * Collections of what backups leave behind: once an item is settled (a job finished; snapshots and tasks as
 * made) it changes no more, only goes (retention, a deleted plan). They are persisted in sealed chunks of
 * CHUNK items that are written once and rewritten only when one of their items goes or is reopened, so a region
 * with 200,000 jobs does not rewrite 500 MB of JSON whenever one job moves.
 */
const HISTORY = new Set<CollectionName>(["jobs", "snapshots", "snapshotGroups", "hbrSnapshots", "tasks"]);
const CHUNK = 10_000;
const SEALED = Symbol("sealed");
const ACTIVE_JOB = new Set(["CREATED", "RUNNING", "CANCELING"]);
const KEY_OF: Record<CollectionName, string> = {
  instances: "instanceId", snapshots: "snapshotId", snapshotGroups: "snapshotGroupId", invocations: "invokeId",
  sendFiles: "invokeId", policies: "policyId", bindings: "dataSourceId", plans: "planId", jobs: "jobId",
  hbrSnapshots: "snapshotId", tasks: "taskId", zones: "zoneId", vSwitches: "vSwitchId", securityGroups: "securityGroupId",
  restoreJobs: "restoreId",
};
const isSettled = (name: CollectionName, item: object) =>
  name === "jobs" ? !ACTIVE_JOB.has((item as BackupJob).status) : name === "tasks" ? (item as Task).completedTime !== 0 : true;
type Sealable = Record<string | symbol, unknown>;

/** One region of one account. Maps keep insertion order (= creation order) and index by id. */
/** A Map that counts its changes, so a list derived from it is rebuilt only after one. */
export class VersionedMap<K, V> extends Map<K, V> {
  version = 0;
  override set(key: K, value: V): this {
    this.version++;
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.version++;
    return super.delete(key);
  }
  override clear(): void {
    this.version++;
    super.clear();
  }
}

export class RegionState {
  instances = new Map<string, Instance>();
  snapshots = new Map<string, EcsSnapshot>();
  snapshotGroups = new Map<string, SnapshotGroup>();
  invocations = new Map<string, Invocation>();
  sendFiles = new Map<string, SendFileInvocation>();
  policies = new Map<string, Policy>();
  /** key: instance id (one instance, at most one policy) */
  bindings = new VersionedMap<string, PolicyBinding>();
  plans = new Map<string, BackupPlan>();
  jobs = new Map<string, BackupJob>();
  hbrSnapshots = new Map<string, HbrSnapshot>();
  tasks = new Map<string, Task>();
  zones = new Map<string, Zone>();
  vSwitches = new Map<string, VSwitch>();
  securityGroups = new Map<string, SecurityGroup>();
  restoreJobs = new Map<string, RestoreJob>();
  /** instances as an array, for paging without re-materialising 5,000 entries per request */
  private instanceList: Instance[] | null = null;
  /** Jobs not finished yet, so a tick looks at these and not at every job ever run (built on first use). */
  private open: Set<BackupJob> | null = null;
  /** Before these moments no schedule fires and no backup expires: a tick skips those passes (0 = look). */
  scheduleDueAt = 0;
  retentionDueAt = 0;
  /** Persistence: mutable collections changed since the last write (actions mark all; a tick what it moved). */
  readonly changed = new Set<CollectionName>(COLLECTIONS);
  /** Persistence: per history collection, the ids of each sealed chunk as written, by chunk number. */
  readonly chunks = new Map<CollectionName, Map<number, string[]>>();

  constructor(readonly region: Region) {}

  /** The bindings oldest first, as DescribePolicyBindings lists them: sorted once per change, not per page. */
  sortedBindings(): PolicyBinding[] {
    if (this.bindingList?.version !== this.bindings.version) {
      this.bindingList = { version: this.bindings.version, list: [...this.bindings.values()].sort((a, b) => a.createdTime - b.createdTime) };
    }
    return this.bindingList.list;
  }
  private bindingList: { version: number; list: PolicyBinding[] } | null = null;

  /** How many instances each policy binds (DescribePoliciesV2's PolicyBindingCount), counted once per change. */
  bindingCountOf(policyId: string): number {
    if (this.bindingCounts?.version !== this.bindings.version) {
      const counts = new Map<string, number>();
      for (const b of this.bindings.values()) counts.set(b.policyId, (counts.get(b.policyId) ?? 0) + 1);
      this.bindingCounts = { version: this.bindings.version, counts };
    }
    return this.bindingCounts.counts.get(policyId) ?? 0;
  }
  private bindingCounts: { version: number; counts: Map<string, number> } | null = null;

  instanceArray(): Instance[] {
    return (this.instanceList ??= [...this.instances.values()]);
  }

  invalidateInstances() {
    this.instanceList = null;
  }

  openJobs(): Set<BackupJob> {
    return (this.open ??= new Set([...this.jobs.values()].filter((j) => ACTIVE_JOB.has(j.status))));
  }

  trackJob(job: BackupJob) {
    this.open?.add(job);
  }

  /** Something changed outside the clock (an action): the next tick looks at schedules and retention again. */
  wake() {
    this.scheduleDueAt = 0;
    this.retentionDueAt = 0;
    for (const name of COLLECTIONS) this.changed.add(name);
  }

  /** A history item was changed in place (e.g. tagged): it leaves its sealed chunk and is written again. */
  reopen(name: CollectionName, id: string) {
    const item = (this[name] as unknown as Map<string, Sealable>).get(id);
    if (!item || item[SEALED] === undefined) return;
    const ids = this.chunks.get(name)?.get(item[SEALED] as number);
    if (ids) ids.splice(ids.indexOf(id), 1, "");
    delete item[SEALED];
  }

  toJSON() {
    const out: Record<string, unknown> = { region: this.region };
    for (const name of COLLECTIONS) out[name] = [...(this[name] as Map<string, unknown>).values()];
    return out;
  }

  static fromJSON(data: Record<string, unknown>): RegionState {
    const state = new RegionState(data.region as Region);
    for (const name of COLLECTIONS) state.add(name, (data[name] as Record<string, unknown>[] | undefined) ?? []);
    return state;
  }

  add(name: CollectionName, items: Record<string, unknown>[], chunk?: number) {
    const map = this[name] as unknown as Map<string, Sealable>;
    const ids: string[] = [];
    for (const item of items) {
      const id = String(item[KEY_OF[name]]);
      map.set(id, item);
      if (chunk !== undefined) {
        (item as Sealable)[SEALED] = chunk;
        ids.push(id);
      }
    }
    if (chunk !== undefined) this.chunksOf(name).set(chunk, ids);
  }

  chunksOf(name: CollectionName): Map<number, string[]> {
    let chunks = this.chunks.get(name);
    if (!chunks) this.chunks.set(name, (chunks = new Map()));
    return chunks;
  }

  /**
   * Writes the region under `dir`: mutable collections whole, history as sealed chunks (rewritten only when
   * an item left them) plus one open tail. Settled tail items are sealed into a new chunk once CHUNK of them
   * gathered.
   */
  writeTo(dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    const written = new Set<string>(["region.json"]);
    for (const name of COLLECTIONS) {
      const map = this[name] as unknown as Map<string, Sealable>;
      if (!HISTORY.has(name)) {
        if (this.changed.has(name) || !fs.existsSync(path.join(dir, `${name}.json`))) writeAtomic(path.join(dir, `${name}.json`), [...map.values()]);
        written.add(`${name}.json`);
        continue;
      }
      const chunks = this.chunksOf(name);
      for (const [n, ids] of chunks) {
        const alive = ids.filter((id) => id !== "" && map.get(id)?.[SEALED] === n);
        const file = `${name}-${n}.json`;
        if (alive.length === 0) chunks.delete(n);
        else {
          if (alive.length !== ids.length || !fs.existsSync(path.join(dir, file))) {
            writeAtomic(path.join(dir, file), alive.map((id) => map.get(id)));
            chunks.set(n, alive);
          }
          written.add(file);
        }
      }
      const tail: Sealable[] = [];
      let settled: Sealable[] = [];
      let next = Math.max(-1, ...chunks.keys()) + 1;
      for (const item of map.values()) {
        if (item[SEALED] !== undefined) continue;
        if (!isSettled(name, item)) {
          tail.push(item);
          continue;
        }
        settled.push(item);
        if (settled.length === CHUNK) {
          const n = next++;
          writeAtomic(path.join(dir, `${name}-${n}.json`), settled);
          for (const it of settled) it[SEALED] = n;
          chunks.set(n, settled.map((it) => String(it[KEY_OF[name]])));
          written.add(`${name}-${n}.json`);
          settled = [];
        }
      }
      writeAtomic(path.join(dir, `${name}-tail.json`), [...settled, ...tail]);
      written.add(`${name}-tail.json`);
    }
    this.changed.clear();
    const counts = Object.fromEntries(COLLECTIONS.map((n) => [n, (this[n] as Map<string, unknown>).size]));
    writeAtomic(path.join(dir, "region.json"), { region: this.region, counts });
    for (const file of fs.readdirSync(dir)) if (file.endsWith(".json") && !written.has(file)) fs.rmSync(path.join(dir, file));
  }

  static readFrom(dir: string): RegionState {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "region.json"), "utf8")) as { region: Region };
    const state = new RegionState(meta.region);
    const files = fs.readdirSync(dir);
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>[];
    for (const name of COLLECTIONS) {
      if (!HISTORY.has(name)) {
        if (files.includes(`${name}.json`)) state.add(name, read(`${name}.json`));
        continue;
      }
      const numbers = files.flatMap((f) => new RegExp(`^${name}-(\\d+)\\.json$`).exec(f)?.[1] ?? []).map(Number).sort((a, b) => a - b);
      for (const n of numbers) state.add(name, read(`${name}-${n}.json`), n);
      if (files.includes(`${name}-tail.json`)) state.add(name, read(`${name}-tail.json`));
    }
    return state;
  }
}

export class AccountState {
  regions = new Map<string, RegionState>();
  roles = new Map<string, RamRole>();
  ramPolicies = new Map<string, RamPolicy>();
  /** instance id → region id, so HBR calls without a region can be resolved */
  private instanceRegion = new Map<string, string>();

  constructor(readonly accountId: string) {}

  region(regionId: string): RegionState | undefined {
    return this.regions.get(regionId);
  }

  indexInstances() {
    this.instanceRegion.clear();
    for (const [regionId, region] of this.regions) for (const id of region.instances.keys()) this.instanceRegion.set(id, regionId);
  }

  regionOfInstance(instanceId: string): string | undefined {
    return this.instanceRegion.get(instanceId);
  }
}

interface Meta {
  clockOffsetMs: number;
  regions: string[];
}

/**
 * All accounts, persisted per account and region under `$DATA_DIR/emulator/<account>/` with temp file + rename,
 * so a crash never leaves a half-written file. Writes are debounced; `flush()` writes everything dirty now.
 */
export class Store {
  accounts = new Map<string, AccountState>();
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** How long the last write took: writes wait 20 times that, so saving costs at most ~5 % of the time. */
  private lastFlushMs = 0;

  constructor(
    private readonly dir: string | null,
    private readonly getClockOffset: () => number,
  ) {}

  account(accountId: string): AccountState {
    let account = this.accounts.get(accountId);
    if (!account) this.accounts.set(accountId, (account = new AccountState(accountId)));
    return account;
  }

  /** Marks a part of an account (`region:<id>`, `ram`, or just `meta`: the clock) for the next write. */
  touch(accountId: string, part: string) {
    if (!this.dir) return;
    this.dirty.add(`${accountId}\u0000${part}`);
    this.timer ??= setTimeout(() => this.flush(), Math.max(250, 20 * this.lastFlushMs));
    this.timer.unref?.();
  }

  touchAll() {
    for (const account of this.accounts.values()) {
      this.touch(account.accountId, "ram");
      for (const regionId of account.regions.keys()) this.touch(account.accountId, `region:${regionId}`);
    }
  }

  flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.dir) return;
    const started = performance.now();
    const parts = [...this.dirty];
    this.dirty.clear();
    const accountsWritten = new Set<string>();
    for (const entry of parts) {
      const [accountId, part] = entry.split("\u0000") as [string, string];
      const account = this.accounts.get(accountId);
      if (!account) continue;
      accountsWritten.add(accountId);
      if (part === "meta") continue;
      if (part === "ram") writeAtomic(this.file(accountId, "ram.json"), { roles: [...account.roles.values()], policies: [...account.ramPolicies.values()] });
      else {
        const regionId = part.slice("region:".length);
        const region = account.regions.get(regionId);
        if (region) {
          region.writeTo(this.file(accountId, "regions", regionId));
          // A state dir from before chunked regions: its single file is superseded now.
          fs.rmSync(this.file(accountId, "regions", `${regionId}.json`), { force: true });
        }
      }
    }
    for (const accountId of accountsWritten) {
      const meta: Meta = { clockOffsetMs: this.getClockOffset(), regions: [...this.accounts.get(accountId)!.regions.keys()] };
      writeAtomic(this.file(accountId, "meta.json"), meta);
    }
    this.lastFlushMs = performance.now() - started;
  }

  /** Loads persisted accounts; returns the saved clock offset, or null when nothing was saved. */
  load(): number | null {
    if (!this.dir || !fs.existsSync(this.dir)) return null;
    let offset: number | null = null;
    for (const accountId of fs.readdirSync(this.dir)) {
      const metaFile = this.file(accountId, "meta.json");
      if (!fs.existsSync(metaFile)) continue;
      const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as Meta;
      offset = meta.clockOffsetMs;
      const account = this.account(accountId);
      const ramFile = this.file(accountId, "ram.json");
      if (fs.existsSync(ramFile)) {
        const ram = JSON.parse(fs.readFileSync(ramFile, "utf8")) as { roles: RamRole[]; policies: RamPolicy[] };
        for (const role of ram.roles) account.roles.set(role.roleName, role);
        for (const policy of ram.policies) account.ramPolicies.set(policy.policyName, policy);
      }
      for (const regionId of meta.regions) {
        const dir = this.file(accountId, "regions", regionId);
        const file = `${dir}.json`;
        if (fs.existsSync(path.join(dir, "region.json"))) account.regions.set(regionId, RegionState.readFrom(dir));
        else if (fs.existsSync(file)) account.regions.set(regionId, RegionState.fromJSON(JSON.parse(fs.readFileSync(file, "utf8"))));
      }
      account.indexInstances();
    }
    return offset;
  }

  /** Drops everything, in memory and on disk. */
  clear() {
    this.accounts.clear();
    this.dirty.clear();
    if (this.dir && fs.existsSync(this.dir)) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private file(...parts: string[]) {
    return path.join(this.dir!, ...parts);
  }
}

function writeAtomic(file: string, data: unknown) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data));
  fs.renameSync(tmp, file);
}
