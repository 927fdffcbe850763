import type { Emulator } from "../../emulator.ts";
import { CloudError } from "../../protocol/errors.ts";
import { newId } from "../../protocol/ids.ts";
import type { Disk, EcsSnapshot, Instance, RestoreJob } from "../../state/models.ts";
import type { AccountState, RegionState } from "../../state/store.ts";
import { INSTANCE_TYPES } from "../../scenario/network.ts";
import { beginTransition } from "../ecs/lifecycle.ts";
import { checkPlacement, type Placement, type PlacementRequest } from "../ecs/placement.ts";
import { replaceDiskFiles } from "./guest-files.ts";

const QUEUE_SECONDS = 5;
/** Simulated seconds an instance takes from Starting to Running after a restore boots it. */
const BOOT_SECONDS = 20;

export const detailBool = (d: Record<string, unknown>, key: string) => d[key] === true || d[key] === "true";
export const detailStr = (d: Record<string, unknown>, key: string) => (d[key] === undefined || d[key] === null ? "" : String(d[key]));

/** Queued a few seconds, then a time proportional to the data, like a backup job (scaled clock). */
export function restoreDuration(emulator: Emulator, now: number, gib: number) {
  const startAt = now + emulator.clock.scaled(QUEUE_SECONDS);
  return { startAt, endAt: startAt + emulator.clock.scaled(60 + gib * 0.5) };
}

export const restoreProgress = (job: RestoreJob, now: number): number => {
  if (job.status === "COMPLETE" || job.status === "PARTIAL_COMPLETE") return 10000;
  if (job.status !== "RUNNING") return 0;
  return Math.max(0, Math.min(9999, Math.floor(((now - job.startAt) / Math.max(1, job.endAt - job.startAt)) * 10000)));
};

/** Where a UDM_ECS restore's new instance goes, as the ECS RunInstances request its UdmDetail amounts to. */
export const placementOf = (d: Record<string, unknown>): PlacementRequest => ({
  vSwitchId: detailStr(d, "restoredNetwork"),
  securityGroupIds: [detailStr(d, "securityGroup")],
  instanceType: detailStr(d, "instanceType"),
  diskCategories: [detailStr(d, "diskCategory")],
  privateIp: detailStr(d, "privateIpAddress") || undefined,
});

function sourceInstance(account: AccountState, id: string): Instance | undefined {
  const regionId = account.regionOfInstance(id);
  return regionId ? account.region(regionId)?.instances.get(id) : undefined;
}

const linuxDevice = (index: number) => `/dev/xvd${String.fromCharCode(97 + index)}`;

function diskFrom(snapshot: EcsSnapshot, type: Disk["type"], category: string, level: string, fileSystem: string, device: string): Disk {
  return {
    diskId: newId("d-", 20), type, category, sizeGiB: snapshot.sourceDiskSize, fileSystem, device,
    performanceLevel: category === "cloud_essd" ? level || "PL1" : undefined,
  };
}

class RestoreFailure extends Error {}

/** The ECS side of a finished restore. Throws RestoreFailure for what ends the job FAILED. */
function apply(emulator: Emulator, account: AccountState, region: RegionState, job: RestoreJob, at: number) {
  const backup = region.hbrSnapshots.get(job.snapshotId);
  const natives = backup?.nativeSnapshotIds.map((id) => region.snapshots.get(id));
  if (!backup || !natives || natives.some((s) => !s)) throw new RestoreFailure(`The backup snapshot ${job.snapshotId} no longer exists (expired or deleted).`);
  const snapshots = natives as EcsSnapshot[];
  const d = job.udmDetail;
  const boot = detailBool(d, "bootAfterRestore");
  // the ECS ticker (tickInstances, after this one in server.ts) makes it Running once the boot time has passed
  const start = (instance: Instance) => {
    if (boot) beginTransition(emulator, region, instance, "Starting", "Running", BOOT_SECONDS, at);
  };
  const source = sourceInstance(account, job.sourceInstanceId);
  const fsOf = (s: EcsSnapshot, windows: boolean) =>
    source?.disks.find((x) => x.diskId === s.sourceDiskId)?.fileSystem ?? (windows ? "NTFS" : s.sourceDiskType === "system" ? "ext4" : "xfs");

  if (job.restoreType === "UDM_ECS") {
    // checked again now: the vSwitch may be gone or the private IP taken since the job was accepted
    let placement: Placement;
    try {
      placement = checkPlacement(region, placementOf(d));
    } catch (error) {
      if (error instanceof CloudError) throw new RestoreFailure(`${error.code}: ${error.message}`);
      throw error;
    }
    const vsw = placement.vSwitch;
    const windows = backup.osType === "windows";
    const ordered = [...snapshots.filter((s) => s.sourceDiskType === "system"), ...snapshots.filter((s) => s.sourceDiskType !== "system")];
    const category = detailStr(d, "diskCategory");
    const level = detailStr(d, "diskPerformanceLevel");
    const disks = ordered.map((s, i) => diskFrom(s, i === 0 ? "system" : "data", category, level, fsOf(s, windows), windows ? "" : linuxDevice(i)));
    const type = detailStr(d, "instanceType");
    const spec = INSTANCE_TYPES[type];
    const instance: Instance = {
      instanceId: newId("i-", 20),
      instanceName: detailStr(d, "restoredName"),
      hostName: detailStr(d, "restoredHostName"),
      regionId: region.region.regionId,
      zoneId: vsw.zoneId,
      status: "Stopped",
      osType: windows ? "windows" : "linux",
      osName: backup.osName,
      instanceType: type,
      cpu: spec?.cpu ?? source?.cpu ?? 2,
      memory: (spec?.memoryGiB ?? 8) * 1024,
      creationTime: at,
      imageId: source?.imageId ?? "",
      privateIp: placement.privateIp,
      vpcId: vsw.vpcId,
      vSwitchId: vsw.vSwitchId,
      cloudAssistant: source?.cloudAssistant ?? "running",
      ramRoleName: null,
      tags: {},
      disks,
      files: [],
      securityGroupIds: placement.securityGroups.map((g) => g.securityGroupId),
      publicIp: detailBool(d, "allocatePublicIp") ? `47.${(at >>> 16) & 255}.${(at >>> 8) & 255}.${(at & 253) + 1}` : "",
      description: `Restored by HBR from ${job.snapshotId} (restore ${job.restoreId})`,
    };
    ordered.forEach((s, i) => replaceDiskFiles(instance, disks[i]!.diskId, s.files ?? []));
    region.instances.set(instance.instanceId, instance);
    region.invalidateInstances(); // a new instance array: the ECS ticker rescans at once
    account.indexInstances();
    start(instance);
    job.targetInstanceId = instance.instanceId;
    job.createdDiskIds = disks.map((x) => x.diskId);
    return;
  }

  if (job.restoreType === "UDM_ECS_DISK") {
    const target = region.instances.get(job.targetInstanceId);
    if (!target) throw new RestoreFailure(`The target instance ${job.targetInstanceId} no longer exists.`);
    const windows = target.osType === "windows";
    for (const s of snapshots) {
      const disk = diskFrom(s, "data", detailStr(d, "diskCategory"), detailStr(d, "diskPerformanceLevel"), fsOf(s, windows), windows ? "" : linuxDevice(target.disks.length));
      target.disks.push(disk);
      // mounted at the next data mount point of the target (guest-files.ts): /data, /data2, … or D:\, E:\, …
      replaceDiskFiles(target, disk.diskId, s.files ?? []);
      job.createdDiskIds.push(disk.diskId);
    }
    return;
  }

  // rollbacks, in place
  const instance = region.instances.get(job.sourceInstanceId);
  if (!instance) throw new RestoreFailure(`The source instance ${job.sourceInstanceId} no longer exists.`);
  if (instance.status !== "Stopped") throw new RestoreFailure(`IncorrectInstanceStatus: the instance ${instance.instanceId} is ${instance.status}; it must stay Stopped during a rollback.`);
  const force = detailBool(d, "forceRestore");
  for (const s of snapshots) {
    if (job.restoreType === "UDM_ECS_DISK_ROLLBACK" && s.sourceDiskType === "system") continue;
    const disk = instance.disks.find((x) => x.diskId === s.sourceDiskId);
    if (!disk) {
      if (force) continue;
      throw new RestoreFailure(`The disk ${s.sourceDiskId} is no longer attached to ${instance.instanceId}.`);
    }
    replaceDiskFiles(instance, disk.diskId, s.files ?? []);
  }
  start(instance);
}

/** Moves restore jobs along the scaled clock and applies finished ones to ECS (a RegionTicker, see server.ts). */
export function tickRestores(emulator: Emulator, account: AccountState, regionId: string, now: number): boolean {
  const region = account.region(regionId);
  if (!region || region.restoreJobs.size === 0) return false;
  let changed = false;
  for (const job of region.restoreJobs.values()) {
    if (job.status === "CANCELING") {
      Object.assign(job, { status: "CANCELED", updatedTime: now, completeTime: now });
      changed = true;
    }
    if (job.status === "CREATED" && now >= job.startAt) {
      Object.assign(job, { status: "RUNNING", startTime: job.startAt, updatedTime: job.startAt });
      changed = true;
    }
    if (job.status === "RUNNING" && now >= job.endAt) {
      job.completeTime = job.endAt;
      job.updatedTime = job.endAt;
      try {
        apply(emulator, account, region, job, job.endAt);
        job.status = "COMPLETE";
      } catch (error) {
        if (!(error instanceof RestoreFailure)) throw error;
        job.status = "FAILED";
        job.errorMessage = error.message;
      }
      changed = true;
    }
  }
  if (changed) {
    region.changed.add("restoreJobs");
    region.changed.add("instances");
  }
  return changed;
}
