import "server-only";
import {
  rollbackNameMismatchMessage,
  rollbackRunningMessage,
  type BackupPoint,
  type CreateRestore,
  type RestoreStepName,
} from "@/lib/schemas/restore";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrRestoreType } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { ApiError, type FieldErrors } from "@/lib/server/http/api-error";
import { getBackupPointOrThrow } from "@/lib/server/restores/backup-points";
import { describeEcsInstance, isInCidr, type EcsInstanceFacts } from "@/lib/server/restores/ecs-instance";
import { cloudReadError, regionRestoreOptions } from "@/lib/server/restores/restore-options";

// The server's checks of a restore against live data, beyond what the schema decides: the backup point exists and
// has not expired, the region is the backup's own or its replica's, and per kind the network, zone offer, instance
// and typed name. Every refusal is a 422 with the field it is about; a cloud that cannot be read is a 503.

export interface CheckedRestore {
  backupPoint: BackupPoint;
  restoreType: HbrRestoreType;
  /** The instance a rollback or disk restore changes (null for a new instance). */
  targetInstanceId: string | null;
  targetInstanceName: string | null;
  applies: Record<RestoreStepName, boolean>;
}

const RUNNING = "Running";

class Refusals {
  readonly errors: FieldErrors = {};
  add(field: string, message: string) {
    (this.errors[field] ??= []).push(message);
  }
  throwIfAny() {
    const count = Object.values(this.errors).flat().length;
    if (count) throw new ApiError("VALIDATION_FAILED", `${count} field${count === 1 ? " is" : "s are"} invalid`, { fieldErrors: this.errors });
  }
}

async function read<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw cloudReadError(what, err);
  }
}

export async function checkRestore(deps: { db: Db; cloud: CloudClients }, input: CreateRestore): Promise<CheckedRestore> {
  const backupPoint = await read("The backup point's disks could not be read from ECS", () => getBackupPointOrThrow(deps, input.backupJobId));
  const refusals = new Refusals();
  const sourceRegionId = backupPoint.regionId;
  const allowedRegions = [sourceRegionId, backupPoint.replicaRegionId].filter(Boolean);
  if (!allowedRegions.includes(input.restoreRegionId)) {
    refusals.add(
      "restoreRegionId",
      backupPoint.replicaRegionId
        ? `Restore in ${sourceRegionId} (the backup's region) or ${backupPoint.replicaRegionId} (its replica's region).`
        : `This backup point has no replica in another region: restore in ${sourceRegionId}.`,
    );
    refusals.throwIfAny();
  }
  const none: Record<RestoreStepName, boolean> = { backUpFirst: false, stopInstance: false, createRestoreJob: true, waitRestoreJob: true, verifyResult: true };

  if (input.kind === "newInstance") {
    const options = await read(`The choices of ${input.restoreRegionId} could not be read from ECS`, () => regionRestoreOptions(deps.cloud, input.restoreRegionId, { fresh: true }));
    const zone = options.zones.find((z) => z.zoneId === input.zoneId);
    if (!zone) refusals.add("zoneId", `${input.zoneId} is not a zone of ${input.restoreRegionId}.`);
    const vSwitch = options.vSwitches.find((v) => v.vSwitchId === input.vSwitchId);
    if (!vSwitch) refusals.add("vSwitchId", `${input.vSwitchId} is not a vSwitch in ${input.restoreRegionId}.`);
    else if (zone && vSwitch.zoneId !== zone.zoneId) refusals.add("vSwitchId", `${input.vSwitchId} is in ${vSwitch.zoneId}, not in ${zone.zoneId}: choose a vSwitch of the zone.`);
    const group = options.securityGroups.find((g) => g.securityGroupId === input.securityGroupId);
    if (!group) refusals.add("securityGroupId", `${input.securityGroupId} is not a security group in ${input.restoreRegionId}.`);
    else if (vSwitch && group.vpcId !== vSwitch.vpcId) refusals.add("securityGroupId", `${input.securityGroupId} is in ${group.vpcId}, not in the vSwitch's VPC ${vSwitch.vpcId}.`);
    if (zone) {
      const type = options.instanceTypes.find((t) => t.instanceType === input.instanceType);
      if (!type || !type.zoneIds.includes(zone.zoneId)) refusals.add("instanceType", `${zone.localName} (${zone.zoneId}) does not sell ${input.instanceType}.`);
      if (!zone.diskCategories.includes(input.diskCategory)) refusals.add("diskCategory", `${zone.localName} (${zone.zoneId}) does not sell ${input.diskCategory} disks.`);
    }
    if (input.privateIpAddress && vSwitch && !isInCidr(input.privateIpAddress, vSwitch.cidrBlock)) {
      refusals.add("privateIpAddress", `${input.privateIpAddress} is not in the vSwitch's CIDR block ${vSwitch.cidrBlock}.`);
    }
    refusals.throwIfAny();
    return { backupPoint, restoreType: "UDM_ECS", targetInstanceId: null, targetInstanceName: null, applies: none };
  }

  if (input.kind === "rollback") {
    if (input.restoreRegionId !== sourceRegionId) {
      refusals.add("restoreRegionId", `A rollback happens in the backup's own region, ${sourceRegionId}. To restore from the replica, create a new instance.`);
      refusals.throwIfAny();
    }
    const instance = await read(`${backupPoint.instanceId} could not be read from ECS`, () => describeEcsInstance(deps.cloud, sourceRegionId, backupPoint.instanceId));
    if (!instance) {
      refusals.add("backupJobId", `${backupPoint.instanceId} no longer exists in ${sourceRegionId}: create a new instance from this backup point instead.`);
      refusals.throwIfAny();
    }
    const found = instance!;
    if (input.confirmInstanceName !== found.instanceName) refusals.add("confirmInstanceName", rollbackNameMismatchMessage(found.instanceName));
    if (found.status === RUNNING && !input.stopInstance) refusals.add("stopInstance", rollbackRunningMessage);
    refusals.throwIfAny();
    return {
      backupPoint,
      restoreType: "UDM_ECS_ROLLBACK",
      targetInstanceId: found.instanceId,
      targetInstanceName: found.instanceName,
      applies: { ...none, backUpFirst: input.backUpFirst, stopInstance: input.stopInstance },
    };
  }

  // Disks: to the instance the admin picked; the backup's own instance means its disks are rolled back in place.
  const target: EcsInstanceFacts | null = await read(`${input.targetInstanceId} could not be read from ECS`, () =>
    describeEcsInstance(deps.cloud, input.restoreRegionId, input.targetInstanceId),
  );
  if (!target) {
    refusals.add("targetInstanceId", `${input.targetInstanceId} is not an ECS instance in ${input.restoreRegionId}.`);
    refusals.throwIfAny();
  }
  const found = target!;
  const isInPlace = found.instanceId === backupPoint.instanceId && input.restoreRegionId === sourceRegionId;
  if (isInPlace && found.status === RUNNING && !input.stopInstance) refusals.add("stopInstance", rollbackRunningMessage);
  if (!isInPlace) {
    const options = await read(`The choices of ${input.restoreRegionId} could not be read from ECS`, () => regionRestoreOptions(deps.cloud, input.restoreRegionId, { fresh: true }));
    const zone = options.zones.find((z) => z.zoneId === found.zoneId);
    if (zone && !zone.diskCategories.includes(input.diskCategory)) refusals.add("diskCategory", `${zone.localName} (${zone.zoneId}), the instance's zone, does not sell ${input.diskCategory} disks.`);
  }
  refusals.throwIfAny();
  return {
    backupPoint,
    restoreType: isInPlace ? "UDM_ECS_DISK_ROLLBACK" : "UDM_ECS_DISK",
    targetInstanceId: found.instanceId,
    targetInstanceName: found.instanceName,
    applies: { ...none, stopInstance: isInPlace && input.stopInstance },
  };
}
