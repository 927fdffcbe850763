import fs from "node:fs";
import path from "node:path";
import type {
  BackupJob, BackupPlan, EcsSnapshot, HbrSnapshot, Instance, Invocation, Policy, PolicyBinding, RamPolicy, RamRole,
  Region, SendFileInvocation, SnapshotGroup, Task,
} from "./models.ts";

const COLLECTIONS = [
  "instances", "snapshots", "snapshotGroups", "invocations", "sendFiles", "policies", "bindings", "plans", "jobs",
  "hbrSnapshots", "tasks",
] as const;
type CollectionName = (typeof COLLECTIONS)[number];

/** One region of one account. Maps keep insertion order (= creation order) and index by id. */
export class RegionState {
  instances = new Map<string, Instance>();
  snapshots = new Map<string, EcsSnapshot>();
  snapshotGroups = new Map<string, SnapshotGroup>();
  invocations = new Map<string, Invocation>();
  sendFiles = new Map<string, SendFileInvocation>();
  policies = new Map<string, Policy>();
  /** key: instance id (one instance, at most one policy) */
  bindings = new Map<string, PolicyBinding>();
  plans = new Map<string, BackupPlan>();
  jobs = new Map<string, BackupJob>();
  hbrSnapshots = new Map<string, HbrSnapshot>();
  tasks = new Map<string, Task>();
  /** instances as an array, for paging without re-materialising 5,000 entries per request */
  private instanceList: Instance[] | null = null;

  constructor(readonly region: Region) {}

  instanceArray(): Instance[] {
    return (this.instanceList ??= [...this.instances.values()]);
  }

  invalidateInstances() {
    this.instanceList = null;
  }

  toJSON() {
    const out: Record<string, unknown> = { region: this.region };
    for (const name of COLLECTIONS) out[name] = [...(this[name] as Map<string, unknown>).values()];
    return out;
  }

  static fromJSON(data: Record<string, unknown>): RegionState {
    const state = new RegionState(data.region as Region);
    const keyOf: Record<CollectionName, string> = {
      instances: "instanceId", snapshots: "snapshotId", snapshotGroups: "snapshotGroupId", invocations: "invokeId",
      sendFiles: "invokeId", policies: "policyId", bindings: "dataSourceId", plans: "planId", jobs: "jobId",
      hbrSnapshots: "snapshotId", tasks: "taskId",
    };
    for (const name of COLLECTIONS) {
      const map = state[name] as unknown as Map<string, Record<string, unknown>>;
      for (const item of (data[name] as Record<string, unknown>[] | undefined) ?? []) map.set(String(item[keyOf[name]]), item);
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
    this.timer ??= setTimeout(() => this.flush(), 250);
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
        if (region) writeAtomic(this.file(accountId, "regions", `${regionId}.json`), region.toJSON());
      }
    }
    for (const accountId of accountsWritten) {
      const meta: Meta = { clockOffsetMs: this.getClockOffset(), regions: [...this.accounts.get(accountId)!.regions.keys()] };
      writeAtomic(this.file(accountId, "meta.json"), meta);
    }
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
        const file = this.file(accountId, "regions", `${regionId}.json`);
        if (fs.existsSync(file)) account.regions.set(regionId, RegionState.fromJSON(JSON.parse(fs.readFileSync(file, "utf8"))));
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
