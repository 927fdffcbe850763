import { freeIpIn, INSTANCE_TYPES, ipInCidr, isIpv4 } from "../../scenario/network.ts";
import type { SecurityGroup, VSwitch, Zone } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import {
  diskCategoryNotInZone, instanceTypeNotInZone, instanceTypeNotSupported, privateIpDuplicated, privateIpMalformed, privateIpNotInVSwitch,
  securityGroupNotFound, securityGroupNotInVpc, vSwitchFull, vSwitchNotFound, vSwitchNotInZone, zoneNotFound,
} from "./errors.ts";

// Where a new instance may go, checked as ECS RunInstances checks it (its documented codes). For the HBR restore
// engine, which creates instances from backups: call it before creating anything, and map what it throws into the
// restore job's error.

export interface PlacementRequest {
  vSwitchId: string;
  /** optional: when given, the vSwitch must be in it */
  zoneId?: string;
  /** the groups the caller chose (none assumed); each must be in the vSwitch's VPC */
  securityGroupIds?: string[];
  instanceType?: string;
  /** categories of the disks to create (system and data) */
  diskCategories?: string[];
  /** optional: a fixed private IP (else the first free one of the vSwitch) */
  privateIp?: string;
}

export interface Placement {
  zone: Zone;
  vSwitch: VSwitch;
  securityGroups: SecurityGroup[];
  privateIp: string;
}

/** Throws the CloudError real ECS answers for the first problem found; otherwise where the instance goes. */
export function checkPlacement(region: RegionState, req: PlacementRequest): Placement {
  if (req.zoneId !== undefined && !region.zones.has(req.zoneId)) throw zoneNotFound(req.zoneId);
  const vSwitch = region.vSwitches.get(req.vSwitchId);
  if (!vSwitch) throw vSwitchNotFound(req.vSwitchId);
  if (req.zoneId !== undefined && vSwitch.zoneId !== req.zoneId) throw vSwitchNotInZone();
  const securityGroups = (req.securityGroupIds ?? []).map((id) => {
    const group = region.securityGroups.get(id);
    if (!group) throw securityGroupNotFound(id);
    if (group.vpcId !== vSwitch.vpcId) throw securityGroupNotInVpc();
    return group;
  });
  const zone = checkZoneOffer(region, vSwitch.zoneId, req);
  let privateIp = req.privateIp;
  if (privateIp !== undefined) {
    if (!isIpv4(privateIp)) throw privateIpMalformed();
    if (!ipInCidr(privateIp, vSwitch.cidrBlock)) throw privateIpNotInVSwitch();
    const ip = privateIp;
    if (region.instanceArray().some((i) => i.vSwitchId === vSwitch.vSwitchId && i.privateIp === ip)) throw privateIpDuplicated();
  } else {
    privateIp = freeIpIn(region, vSwitch);
    if (!privateIp) throw vSwitchFull();
  }
  return { zone, vSwitch, securityGroups, privateIp };
}

/**
 * The zone part of checkPlacement: the zone exists and sells the instance type and the disk categories. Alone, for a
 * restore that adds disks to an instance of the zone (UDM_ECS_DISK).
 */
export function checkZoneOffer(region: RegionState, zoneId: string, req: Pick<PlacementRequest, "instanceType" | "diskCategories">): Zone {
  const zone = region.zones.get(zoneId);
  if (!zone) throw zoneNotFound(zoneId);
  if (req.instanceType !== undefined) {
    if (!INSTANCE_TYPES[req.instanceType]) throw instanceTypeNotSupported(req.instanceType);
    if (!zone.instanceTypes.includes(req.instanceType)) throw instanceTypeNotInZone(req.instanceType, zone.zoneId);
  }
  for (const category of req.diskCategories ?? []) if (!zone.diskCategories.includes(category)) throw diskCategoryNotInZone(category, zone.zoneId);
  return zone;
}
