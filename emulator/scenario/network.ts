import type { SecurityGroup, VSwitch, Zone } from "../state/models.ts";
import type { RegionState } from "../state/store.ts";
import type { Scenario } from "./schema.ts";

// The network and zone offer of a region, made the same way for every region (the scenario file does not list
// them): what the restore dialog chooses from and what a restore is checked against.
//
// - Zones `<region>-a`, `-b`, `-c`, plus any zone an instance of the region is in. Every zone sells cloud_essd,
//   cloud_auto and cloud_efficiency; only zone `-a` still sells cloud_ssd, so "a disk category the zone lacks" is
//   real. Zone `-c` does not sell ecs.r7.large.
// - VPC `vpc-<region>demo` with one vSwitch per zone, `vsw-<zone>demo` (the ids the seeded instances already carry),
//   and security group `sg-<region>demo`.
// - An isolated VPC `vpc-<region>drill` (no route out, no public IPs) with `vsw-<zone>drill` per zone and security
//   group `sg-<region>drill` with no inbound rule, tagged `hbr-console:isolated=true`: where restore drills boot.

export const DISK_CATEGORIES_ALL_ZONES = ["cloud_essd", "cloud_auto", "cloud_efficiency"];
export const INSTANCE_TYPES: Record<string, { cpu: number; memoryGiB: number; family: string }> = {
  "ecs.g7.large": { cpu: 2, memoryGiB: 8, family: "ecs.g7" },
  "ecs.g7.xlarge": { cpu: 4, memoryGiB: 16, family: "ecs.g7" },
  "ecs.c7.large": { cpu: 2, memoryGiB: 4, family: "ecs.c7" },
  "ecs.r7.large": { cpu: 2, memoryGiB: 16, family: "ecs.r7" },
  "ecs.t6-c1m1.large": { cpu: 2, memoryGiB: 2, family: "ecs.t6" },
};
export const ISOLATED_TAG = { key: "hbr-console:isolated", value: "true" };

const compact = (id: string) => id.replace(/[^a-z0-9]/g, "");

/** The region's default security group: what an instance saved without `securityGroupIds` is in. */
export const demoSecurityGroupId = (regionId: string) => `sg-${compact(regionId)}demo`;

export function zoneOffer(zoneId: string): Zone {
  const letter = zoneId.slice(zoneId.lastIndexOf("-") + 1);
  const types = Object.keys(INSTANCE_TYPES).filter((t) => !(letter === "c" && t === "ecs.r7.large"));
  return {
    zoneId,
    localName: `Zone ${letter.toUpperCase()}`,
    diskCategories: letter === "a" ? [...DISK_CATEGORIES_ALL_ZONES, "cloud_ssd"] : [...DISK_CATEGORIES_ALL_ZONES],
    instanceTypes: types,
  };
}

/** The scenario's own zones, vSwitches and security groups of this region (before `seedNetwork` adds the standard ones). */
export function seedScenarioNetwork(region: RegionState, network: Scenario["network"], createdAt: number) {
  const regionId = region.region.regionId;
  for (const z of network.zones)
    if (z.regionId === regionId) {
      const offer = zoneOffer(z.zoneId);
      region.zones.set(z.zoneId, {
        zoneId: z.zoneId, localName: z.localName ?? offer.localName, diskCategories: z.diskCategories ?? offer.diskCategories, instanceTypes: z.instanceTypes ?? offer.instanceTypes,
      });
    }
  for (const v of network.vSwitches)
    if (v.regionId === regionId) {
      if (!region.zones.has(v.zoneId)) region.zones.set(v.zoneId, zoneOffer(v.zoneId));
      region.vSwitches.set(v.vSwitchId, {
        vSwitchId: v.vSwitchId, vSwitchName: v.vSwitchName, vpcId: v.vpcId, zoneId: v.zoneId, cidrBlock: v.cidrBlock, description: v.description,
        status: "Available", creationTime: createdAt, tags: { ...v.tags },
      });
    }
  for (const g of network.securityGroups)
    if (g.regionId === regionId)
      region.securityGroups.set(g.securityGroupId, {
        securityGroupId: g.securityGroupId, securityGroupName: g.securityGroupName, vpcId: g.vpcId, description: g.description, securityGroupType: "normal",
        creationTime: createdAt, tags: { ...g.tags },
      });
}

/** Adds what the region lacks (a state saved before zones and networks existed gets them on its next load). */
export function seedNetwork(region: RegionState, createdAt: number): boolean {
  const regionId = region.region.regionId;
  const zoneIds = new Set(["a", "b", "c"].map((l) => `${regionId}-${l}`));
  for (const i of region.instances.values()) zoneIds.add(i.zoneId);
  let added = false;
  const demoVpc = `vpc-${compact(regionId)}demo`;
  const drillVpc = `vpc-${compact(regionId)}drill`;
  [...zoneIds].sort().forEach((zoneId, n) => {
    if (!region.zones.has(zoneId)) {
      region.zones.set(zoneId, zoneOffer(zoneId));
      added = true;
    }
    const vswitches: VSwitch[] = [
      {
        vSwitchId: `vsw-${compact(zoneId)}demo`, vSwitchName: `default-${zoneId}`, vpcId: demoVpc, zoneId, cidrBlock: `172.16.${n * 16}.0/20`,
        description: "", status: "Available", creationTime: createdAt, tags: {},
      },
      {
        vSwitchId: `vsw-${compact(zoneId)}drill`, vSwitchName: `restore-drill-isolated-${zoneId}`, vpcId: drillVpc, zoneId, cidrBlock: `192.168.${n}.0/24`,
        description: "Isolated: no route out of the VPC. Restore drills boot here.", status: "Available", creationTime: createdAt,
        tags: { [ISOLATED_TAG.key]: ISOLATED_TAG.value },
      },
    ];
    for (const v of vswitches)
      if (!region.vSwitches.has(v.vSwitchId)) {
        region.vSwitches.set(v.vSwitchId, v);
        added = true;
      }
  });
  const groups: SecurityGroup[] = [
    { securityGroupId: `sg-${compact(regionId)}demo`, securityGroupName: "default", vpcId: demoVpc, description: "", securityGroupType: "normal", creationTime: createdAt, tags: {} },
    {
      securityGroupId: `sg-${compact(regionId)}drill`, securityGroupName: "restore-drill-no-inbound", vpcId: drillVpc,
      description: "No inbound rule: restore drills boot here.", securityGroupType: "normal", creationTime: createdAt, tags: { [ISOLATED_TAG.key]: ISOLATED_TAG.value },
    },
  ];
  for (const g of groups)
    if (!region.securityGroups.has(g.securityGroupId)) {
      region.securityGroups.set(g.securityGroupId, g);
      added = true;
    }
  return added;
}

/** Whether `ip` is a dotted IPv4 address (four decimal octets, each ≤ 255). */
export const isIpv4 = (ip: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) && ip.split(".").every((part) => Number(part) <= 255);

/** `a.b.c.d` as a 32-bit number. */
const ipNumber = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
const ipText = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

/**
 * The host offsets of `cidr` an instance may use, `first`..`last`: Alibaba Cloud VPC reserves the first address and
 * the last three of every vSwitch CIDR block (in 192.168.1.0/24: .0, .253, .254, .255). The one IP rule of the emulator.
 */
function usableRange(cidr: string): { base: number; first: number; last: number } | undefined {
  const [base, bits] = cidr.split("/");
  const n = Number(bits);
  if (!isIpv4(base ?? "") || !Number.isInteger(n) || n < 0 || n > 32) return undefined;
  const size = 2 ** (32 - n);
  return { base: ipNumber(base!) - (ipNumber(base!) % size), first: 1, last: size - 4 };
}

/** Whether `ip` is a usable host address of `cidr` (not one of the four VPC reserves). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const range = usableRange(cidr);
  if (!range || !isIpv4(ip)) return false;
  const offset = ipNumber(ip) - range.base;
  return offset >= range.first && offset <= range.last;
}

/** The first usable host address of the vSwitch no instance of the region uses (undefined when it is full). */
export function freeIpIn(region: RegionState, vSwitch: VSwitch): string | undefined {
  const range = usableRange(vSwitch.cidrBlock);
  if (!range) return undefined;
  const used = new Set<string>();
  for (const i of region.instanceArray()) if (i.vSwitchId === vSwitch.vSwitchId) used.add(i.privateIp);
  for (let offset = range.first; offset <= range.last; offset++) {
    const ip = ipText(range.base + offset);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/**
 * A seeded instance's private IP, inside its zone's demo vSwitch (`172.16.<16 × zone letter>.0/20`, as `seedNetwork`
 * numbers zones a, b, c): the n-th instance of the scenario gets host n + 2.
 */
export function seededPrivateIp(zoneId: string, index: number): string {
  const letter = zoneId.slice(zoneId.lastIndexOf("-") + 1);
  const zone = letter.length === 1 ? Math.max(0, letter.charCodeAt(0) - 97) : 0;
  const host = (index % 4090) + 2;
  return `172.16.${zone * 16 + Math.floor(host / 256)}.${host % 256}`;
}
