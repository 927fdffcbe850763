import { isoSecond } from "../../protocol/ids.ts";
import type { SecurityGroup, VSwitch, Zone } from "../../state/models.ts";
import { demoSecurityGroupId, INSTANCE_TYPES } from "../../scenario/network.ts";
import { matchesTags, paginate } from "../paging.ts";
import type { Action } from "../types.ts";
import { regionOf } from "./common.ts";
import { securityGroupIdsMalformed } from "./errors.ts";

// What a restore chooses from: zones (their disk categories and instance types), instance types, vSwitches and
// security groups. Read-only here; the offer is made by scenario/network.ts.

const family = (instanceType: string) => INSTANCE_TYPES[instanceType]?.family ?? instanceType.split(".").slice(0, 2).join(".");

function renderZone(z: Zone, verbose: boolean) {
  const families = [...new Set(z.instanceTypes.map(family))];
  return {
    ZoneId: z.zoneId,
    LocalName: z.localName,
    ZoneType: "AvailabilityZone",
    AvailableResourceCreation: { ResourceTypes: ["Instance", "Disk", "VSwitch", "IoOptimized"] },
    AvailableDiskCategories: { DiskCategories: z.diskCategories },
    AvailableVolumeCategories: { VolumeCategories: [] },
    AvailableInstanceTypes: { InstanceTypes: z.instanceTypes },
    AvailableDedicatedHostTypes: { DedicatedHostType: [] },
    DedicatedHostGenerations: { DedicatedHostGeneration: [] },
    AvailableResources: verbose
      ? {
          ResourcesInfo: [
            {
              IoOptimized: true,
              SystemDiskCategories: { supportedSystemDiskCategory: z.diskCategories },
              DataDiskCategories: { supportedDataDiskCategory: z.diskCategories },
              NetworkTypes: { supportedNetworkCategory: ["vpc"] },
              InstanceTypes: { supportedInstanceType: z.instanceTypes },
              InstanceTypeFamilies: { supportedInstanceTypeFamily: families },
              InstanceGenerations: { supportedInstanceGeneration: ["ecs-5"] },
            },
          ],
        }
      : { ResourcesInfo: [] },
  };
}

/** DescribeZones: every zone of the region (no paging on ECS). Verbose=false leaves AvailableResources empty. */
const describeZones: Action = (ctx) => {
  const region = regionOf(ctx);
  const verbose = ctx.params.bool("Verbose") ?? true;
  ctx.params.get("InstanceChargeType");
  return { Zones: { Zone: [...region.zones.values()].map((z) => renderZone(z, verbose)) } };
};

/** DescribeInstanceTypes: the types the emulator sells, filtered by InstanceTypes.N, InstanceTypeFamily(ies), CPU/memory bounds. */
const describeInstanceTypes: Action = (ctx) => {
  const p = ctx.params;
  const types = p.list("InstanceTypes");
  const families = [...p.list("InstanceTypeFamilies"), ...[p.get("InstanceTypeFamily")].filter((f): f is string => !!f)];
  const num = (name: string) => (p.get(name) === undefined ? undefined : Number(p.get(name)));
  const minCpu = num("MinimumCpuCoreCount");
  const maxCpu = num("MaximumCpuCoreCount");
  const minMem = num("MinimumMemorySize");
  const maxMem = num("MaximumMemorySize");
  const rows = Object.entries(INSTANCE_TYPES).filter(
    ([id, t]) =>
      (!types.length || types.includes(id)) && (!families.length || families.includes(t.family)) &&
      (minCpu === undefined || t.cpu >= minCpu) && (maxCpu === undefined || t.cpu <= maxCpu) &&
      (minMem === undefined || t.memoryGiB >= minMem) && (maxMem === undefined || t.memoryGiB <= maxMem),
  );
  const page = paginate(p, rows, { tokenOnly: true, maxResultsMax: 1600, pageSizeDefault: 1600 });
  return {
    NextToken: page.fields.NextToken,
    InstanceTypes: {
      InstanceType: page.items.map(([id, t]) => ({
        InstanceTypeId: id,
        InstanceTypeFamily: t.family,
        InstanceCategory: t.family === "ecs.t6" ? "Shared" : "General-purpose",
        InstanceFamilyLevel: t.family === "ecs.t6" ? "CreditEntryLevel" : "EnterpriseLevel",
        CpuCoreCount: t.cpu,
        MemorySize: t.memoryGiB,
        CpuArchitecture: "X86",
        GPUAmount: 0,
        GPUSpec: "",
        LocalStorageCategory: "",
        EniQuantity: t.cpu >= 4 ? 4 : 3,
        DiskQuantity: 17,
        NvmeSupport: "required",
        CpuOptions: { Core: t.cpu / 2, ThreadsPerCore: 2 },
      })),
    },
  };
};

/** Addresses a vSwitch still has: the CIDR's size less the 4 ECS reserves, less the instances in it. */
function availableIps(cidr: string, used: number): number {
  const bits = Number(cidr.split("/")[1] ?? 32);
  return Math.max(0, 2 ** (32 - bits) - 4 - used);
}

function renderVSwitch(v: VSwitch, used: number) {
  return {
    VSwitchId: v.vSwitchId, VSwitchName: v.vSwitchName, VpcId: v.vpcId, ZoneId: v.zoneId, CidrBlock: v.cidrBlock, Description: v.description,
    Status: v.status, CreationTime: isoSecond(v.creationTime), IsDefault: false, ResourceGroupId: "", AvailableIpAddressCount: availableIps(v.cidrBlock, used),
  };
}

/** DescribeVSwitches (ECS API version): filters VpcId, ZoneId, VSwitchId, IsDefault; PageNumber/PageSize (max 50). An unknown id matches nothing. */
const describeVSwitches: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const vpcId = p.get("VpcId");
  const zoneId = p.get("ZoneId");
  const id = p.get("VSwitchId");
  const isDefault = p.bool("IsDefault");
  const list = [...region.vSwitches.values()].filter(
    (v) => (!vpcId || v.vpcId === vpcId) && (!zoneId || v.zoneId === zoneId) && (!id || v.vSwitchId === id) && (isDefault === undefined || isDefault === false),
  );
  const page = paginate(p, list, { pageSizeMax: 50, pageSizeDefault: 10 });
  const used = new Map<string, number>();
  if (page.items.length)
    for (const i of region.instanceArray()) used.set(i.vSwitchId, (used.get(i.vSwitchId) ?? 0) + 1);
  return { TotalCount: page.fields.TotalCount, PageNumber: page.fields.PageNumber, PageSize: page.fields.PageSize, VSwitches: { VSwitch: page.items.map((v) => renderVSwitch(v, used.get(v.vSwitchId) ?? 0)) } };
};

function renderSecurityGroup(g: SecurityGroup, ecsCount: number | undefined) {
  return {
    SecurityGroupId: g.securityGroupId, SecurityGroupName: g.securityGroupName, Description: g.description, VpcId: g.vpcId,
    SecurityGroupType: g.securityGroupType, CreationTime: isoSecond(g.creationTime), ResourceGroupId: "", ServiceManaged: false, RuleCount: 0, GroupToGroupRuleCount: 0,
    ...(ecsCount === undefined ? {} : { EcsCount: ecsCount, AvailableInstanceAmount: Math.max(0, 2000 - ecsCount) }),
    Tags: { Tag: Object.entries(g.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) },
  };
}

/**
 * DescribeSecurityGroups: filters VpcId, SecurityGroupId, SecurityGroupIds (a JSON array, up to 100), SecurityGroupName
 * (FuzzyQuery = contains), SecurityGroupType, Tag.N; PageNumber/PageSize (max 50) or NextToken/MaxResults (max 100).
 */
const describeSecurityGroups: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const vpcId = p.get("VpcId");
  const one = p.get("SecurityGroupId");
  let ids: string[] | undefined;
  try {
    ids = p.jsonStringArray("SecurityGroupIds");
  } catch {
    throw securityGroupIdsMalformed();
  }
  if (ids && ids.length > 100) throw securityGroupIdsMalformed();
  const name = p.get("SecurityGroupName");
  const fuzzy = p.bool("FuzzyQuery") ?? false;
  const type = p.get("SecurityGroupType");
  const tags = p.tags();
  const wanted = ids ? new Set(ids) : null;
  const list = [...region.securityGroups.values()].filter(
    (g) =>
      (!vpcId || g.vpcId === vpcId) && (!one || g.securityGroupId === one) && (!wanted || wanted.has(g.securityGroupId)) &&
      (!name || (fuzzy ? g.securityGroupName.includes(name) : g.securityGroupName === name)) && (!type || g.securityGroupType === type) && matchesTags(g.tags, tags),
  );
  const page = paginate(p, list, { pageSizeMax: 50, maxResultsMax: 100 });
  let counts: Map<string, number> | undefined;
  if (p.bool("IsQueryEcsCount")) {
    counts = new Map();
    const fallback = demoSecurityGroupId(region.region.regionId);
    for (const i of region.instanceArray()) for (const g of i.securityGroupIds?.length ? i.securityGroupIds : [fallback]) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return {
    ...page.fields,
    RegionId: region.region.regionId,
    SecurityGroups: { SecurityGroup: page.items.map((g) => renderSecurityGroup(g, counts ? (counts.get(g.securityGroupId) ?? 0) : undefined)) },
  };
};

export const networkActions = {
  DescribeZones: describeZones,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeVSwitches: describeVSwitches,
  DescribeSecurityGroups: describeSecurityGroups,
};
