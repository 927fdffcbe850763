import type { Emulator } from "../../emulator.ts";
import type { Instance } from "../../state/models.ts";
import type { AccountState, RegionState } from "../../state/store.ts";
import type { Action, ActionContext } from "../types.ts";
import { changed, instanceOrThrow, regionOf } from "./common.ts";
import { dryRunOk, incorrectInstanceStatus, instanceIdsExceedLimit, instanceNotFound } from "./errors.ts";
import { paginate } from "../paging.ts";

// Instance lifecycle on the scaled clock: StopInstance (Running → Stopping → Stopped), StartInstance
// (Stopped → Starting → Running), DeleteInstance. A change under way is `instance.transition`; the region ticker
// below finishes it once its time has come, also for instances the HBR restore engine creates as Starting.

/** Simulated seconds each change takes (scaled by EMULATOR_TIME_SCALE). */
export const STOP_SECONDS = 10;
export const FORCE_STOP_SECONDS = 3;
export const START_SECONDS = 15;

interface Pending {
  /** instances with a transition under way */
  due: Set<Instance>;
  /** the region's instance array when last scanned: a new array means instances were added or removed */
  scanned: Instance[] | null;
  /** real ms of the last full scan: one at most per second catches transitions set by code that did not track them */
  scannedAt: number;
}

const pending = new WeakMap<RegionState, Pending>();
const RESCAN_MS = 1000;

function pendingOf(region: RegionState): Pending {
  let p = pending.get(region);
  if (!p) pending.set(region, (p = { due: new Set(), scanned: null, scannedAt: 0 }));
  return p;
}

/**
 * Starts a status change: `status` now, `to` once `seconds` (simulated) have passed. The HBR restore engine boots a
 * restored instance with it; an instance given a `transition` without it is still finished, after the next rescan
 * (≤ 1 s real time).
 */
export function beginTransition(emulator: Emulator, region: RegionState, instance: Instance, status: string, to: string, seconds: number, now: number) {
  instance.status = status;
  instance.transition = { to, at: now + Math.round(emulator.clock.scaled(seconds)) };
  pendingOf(region).due.add(instance);
}

/** RegionTicker: finishes the transitions whose time has come. Cheap with 5,000 instances: it looks at the pending set. */
export function tickInstances(_emulator: Emulator, account: AccountState, regionId: string, now: number): boolean {
  const region = account.region(regionId);
  if (!region) return false;
  const p = pendingOf(region);
  const list = region.instanceArray();
  const wall = Date.now();
  if (list !== p.scanned || wall - p.scannedAt >= RESCAN_MS) {
    for (const i of list) if (i.transition) p.due.add(i);
    p.scanned = list;
    p.scannedAt = wall;
  }
  let moved = false;
  for (const i of p.due) {
    if (!i.transition || region.instances.get(i.instanceId) !== i) {
      p.due.delete(i);
      continue;
    }
    if (i.transition.at > now) continue;
    i.status = i.transition.to;
    delete i.transition;
    p.due.delete(i);
    moved = true;
  }
  if (moved) region.changed.add("instances");
  return moved;
}

/**
 * Stop/Start/DeleteInstance carry no RegionId in the SDK (the endpoint is the region): the instance is found through
 * the account's instance index, or in RegionId when a caller sends one.
 */
function instanceOfRequest(ctx: ActionContext): [RegionState, Instance] {
  const id = ctx.params.required("InstanceId");
  if (ctx.params.get("RegionId") !== undefined) {
    const region = regionOf(ctx);
    return [region, instanceOrThrow(region, id)];
  }
  const regionId = ctx.account.regionOfInstance(id);
  const region = regionId ? ctx.account.region(regionId) : undefined;
  if (!regionId || !region) throw instanceNotFound(id);
  ctx.regionId = regionId;
  return [region, instanceOrThrow(region, id)];
}

const stopInstance: Action = (ctx) => {
  const p = ctx.params;
  const [region, instance] = instanceOfRequest(ctx);
  const force = p.bool("ForceStop") ?? false;
  p.bool("ConfirmStop");
  if (instance.status !== "Running") throw incorrectInstanceStatus(instance);
  if (p.bool("DryRun")) throw dryRunOk();
  beginTransition(ctx.emulator, region, instance, "Stopping", "Stopped", force ? FORCE_STOP_SECONDS : STOP_SECONDS, ctx.now);
  changed(ctx);
  return {};
};

const startInstance: Action = (ctx) => {
  const p = ctx.params;
  const [region, instance] = instanceOfRequest(ctx);
  p.bool("InitLocalDisk");
  if (instance.status !== "Stopped") throw incorrectInstanceStatus(instance);
  if (p.bool("DryRun")) throw dryRunOk();
  beginTransition(ctx.emulator, region, instance, "Starting", "Running", START_SECONDS, ctx.now);
  changed(ctx);
  return {};
};

/**
 * DeleteInstance: a Stopped instance, or any status with Force=true (a Running one is stopped first, as on ECS).
 * The instance and its disks go; its ECS snapshots (and HBR backups) stay.
 */
const deleteInstance: Action = (ctx) => {
  const p = ctx.params;
  const [region, instance] = instanceOfRequest(ctx);
  const force = p.bool("Force") ?? false;
  p.bool("ForceStop");
  p.bool("TerminateSubscription");
  if (!force && instance.status !== "Stopped") throw incorrectInstanceStatus(instance);
  if (p.bool("DryRun")) throw dryRunOk();
  removeInstance(ctx.account, region, instance);
  changed(ctx);
  return {};
};

/** Removes an instance with its disks from its region and from the account's instance index. */
export function removeInstance(account: AccountState, region: RegionState, instance: Instance) {
  region.instances.delete(instance.instanceId);
  delete instance.transition;
  pendingOf(region).due.delete(instance);
  region.invalidateInstances();
  account.indexInstances();
}

/** DescribeInstanceStatus: `InstanceId.N` (≤100), `ZoneId`; P (`PageSize` ≤50). Unknown ids are left out. */
const describeInstanceStatus: Action = (ctx) => {
  const region = regionOf(ctx);
  if (tickInstances(ctx.emulator, ctx.account, region.region.regionId, ctx.now)) ctx.emulator.store.touch(ctx.account.accountId, `region:${region.region.regionId}`);
  const ids = ctx.params.list("InstanceId");
  if (ids.length > 100) throw instanceIdsExceedLimit(100);
  const zoneId = ctx.params.get("ZoneId");
  let list = ids.length ? ids.map((id) => region.instances.get(id)).filter((i): i is Instance => !!i) : region.instanceArray();
  if (zoneId) list = list.filter((i) => i.zoneId === zoneId);
  const page = paginate(ctx.params, list, { pageSizeMax: 50 });
  return {
    TotalCount: page.fields.TotalCount, PageNumber: page.fields.PageNumber, PageSize: page.fields.PageSize,
    InstanceStatuses: { InstanceStatus: page.items.map((i) => ({ InstanceId: i.instanceId, Status: i.status })) },
  };
};

export const lifecycleActions = {
  StopInstance: stopInstance, StartInstance: startInstance, DeleteInstance: deleteInstance, DescribeInstanceStatus: describeInstanceStatus,
};
