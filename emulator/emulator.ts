import { Clock } from "./clock.ts";
import { NonceCache, type AccessKey } from "./protocol/signature.ts";
import { BackupFailures } from "./admin/backup-failures.ts";
import { Faults } from "./admin/faults.ts";
import { seedAccount } from "./scenario/load-scenario.ts";
import { seedNetwork } from "./scenario/network.ts";
import type { Scenario } from "./scenario/schema.ts";
import { Store, type AccountState } from "./state/store.ts";

export interface EmulatorConfig {
  accessKeys: AccessKey[];
  scenario: Scenario;
  /** re-reads the scenario source (the file, when one was given) for `POST /__emulator/reset` */
  reloadScenario: () => Scenario;
  /** null = in memory */
  stateDir: string | null;
  timeScale: number;
  /** what moves forward with the clock in a region (HBR jobs, schedules, retention); given by the server, so the core imports no service */
  tickers: RegionTicker[];
}

/** Advances one region's simulated work to `now`; true when it changed something (the region is then persisted). */
export type RegionTicker = (emulator: Emulator, account: AccountState, regionId: string, now: number) => boolean;

/** Everything the protocol layer and the services share: keys, nonces, clock, state, faults. */
export class Emulator {
  readonly keys: Map<string, AccessKey>;
  readonly nonces = new NonceCache();
  readonly faults = new Faults();
  /** Backup jobs told to fail (`POST /__emulator/backup-failures`). */
  readonly backupFailures = new BackupFailures();
  readonly store: Store;
  clock: Clock;

  constructor(readonly config: EmulatorConfig) {
    this.keys = new Map(config.accessKeys.map((k) => [k.accessKeyId, k]));
    this.clock = new Clock(0, config.timeScale);
    this.store = new Store(config.stateDir, () => this.clock.offset);
    const offset = this.store.load();
    if (offset !== null) this.clock = new Clock(offset, config.timeScale);
    // A state saved before zones and networks existed gets them now.
    for (const account of this.store.accounts.values())
      for (const [regionId, region] of account.regions) if (seedNetwork(region, this.clock.now())) this.store.touch(account.accountId, `region:${regionId}`);
    for (const key of config.accessKeys) if (!this.store.accounts.has(key.accountId)) this.seed(key.accountId);
  }

  account(accountId: string): AccountState {
    return this.store.accounts.get(accountId) ?? this.seed(accountId);
  }

  /** `POST /__emulator/reset`: back to the scenario (re-read from its file), clock and faults included. */
  reset() {
    const scenario = this.config.reloadScenario();
    this.config.scenario = scenario;
    this.store.clear();
    this.faults.clear();
    this.backupFailures.clear();
    this.nonces.clear();
    this.clock = new Clock(0, this.config.timeScale);
    for (const key of this.config.accessKeys) this.seed(key.accountId);
  }

  private seed(accountId: string): AccountState {
    const account = this.store.account(accountId);
    seedAccount(account, this.config.scenario, this.clock.now());
    this.store.touchAll();
    return account;
  }

  /** Moves jobs, schedules and retention forward to the clock's now, in every region. */
  tickAll() {
    for (const account of this.store.accounts.values())
      for (const regionId of account.regions.keys()) this.tick(account, regionId);
  }

  tick(account: AccountState, regionId: string) {
    const now = this.clock.now();
    let changed = false;
    for (const ticker of this.config.tickers) if (ticker(this, account, regionId, now)) changed = true;
    if (changed) this.store.touch(account.accountId, `region:${regionId}`);
  }

  regionTouched(account: AccountState, regionId: string) {
    account.region(regionId)?.wake();
    this.store.touch(account.accountId, `region:${regionId}`);
  }
}
