import "server-only";
import type { RestoreOptions } from "@/lib/schemas/restore";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { ApiError } from "@/lib/server/http/api-error";

// The live choices of the restore dialog for one region: zones (with the disk categories each sells), vSwitches,
// security groups and instance types (with the zones that sell each), from ECS DescribeZones, DescribeVSwitches,
// DescribeSecurityGroups and DescribeInstanceTypes. Kept for a minute per region (per set of clients, so tests
// with their own emulator never see another's); the server's checks of a restore read them fresh.

export const RESTORE_OPTIONS_TTL_MS = 60_000;
const cache = new WeakMap<CloudClients, Map<string, { options: RestoreOptions; until: number }>>();

/** A failed cloud read as the API answers it: an unknown region 404, a refusal 422, anything else 503. */
export function cloudReadError(what: string, err: unknown): unknown {
  if (!isCloudError(err)) return err;
  const message = `${what}: ${err.message}${err.requestId ? ` (RequestId ${err.requestId})` : ""}`;
  if (/^InvalidRegionId/.test(err.code)) return new ApiError("NOT_FOUND", message, { cause: err, fieldErrors: { regionId: [message] } });
  if (err.kind === "client" && err.statusCode === 400) return new ApiError("VALIDATION_FAILED", message, { cause: err });
  return new ApiError("UNAVAILABLE", message, { cause: err });
}

async function readOptions(cloud: CloudClients, regionId: string): Promise<RestoreOptions> {
  const ecs = cloud.ecs(regionId);
  const zonesRes = await ecs.describeZones(new $Ecs.DescribeZonesRequest({ regionId, acceptLanguage: "en-US" }));
  const zoneTypes = new Map<string, string[]>();
  const zones = (zonesRes.body?.zones?.zone ?? []).flatMap((z) => {
    if (!z.zoneId) return [];
    const resources = z.availableResources?.resourcesInfo ?? [];
    const disks = z.availableDiskCategories?.diskCategories?.length
      ? z.availableDiskCategories.diskCategories
      : resources.flatMap((r) => r.dataDiskCategories?.supportedDataDiskCategory ?? []);
    const types = z.availableInstanceTypes?.instanceTypes?.length
      ? z.availableInstanceTypes.instanceTypes
      : resources.flatMap((r) => r.instanceTypes?.supportedInstanceType ?? []);
    zoneTypes.set(z.zoneId, types);
    return [{ zoneId: z.zoneId, localName: z.localName || z.zoneId, diskCategories: [...new Set(disks)] }];
  });

  const vSwitches: RestoreOptions["vSwitches"] = [];
  for (let page = 1; page <= 20; page++) {
    const res = await ecs.describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId, pageNumber: page, pageSize: 50 }));
    for (const v of res.body?.vSwitches?.vSwitch ?? []) {
      if (!v.vSwitchId || !v.zoneId || !v.vpcId) continue;
      vSwitches.push({ vSwitchId: v.vSwitchId, name: v.vSwitchName ?? "", zoneId: v.zoneId, cidrBlock: v.cidrBlock ?? "", vpcId: v.vpcId, availableIpCount: v.availableIpAddressCount ?? 0 });
    }
    if (page * 50 >= (res.body?.totalCount ?? 0)) break;
  }

  const securityGroups: RestoreOptions["securityGroups"] = [];
  for (let page = 1; page <= 20; page++) {
    const res = await ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId, pageNumber: page, pageSize: 50 }));
    for (const g of res.body?.securityGroups?.securityGroup ?? []) {
      if (g.securityGroupId && g.vpcId) securityGroups.push({ securityGroupId: g.securityGroupId, name: g.securityGroupName ?? "", vpcId: g.vpcId });
    }
    if (page * 50 >= (res.body?.totalCount ?? 0)) break;
  }

  const sold = new Set([...zoneTypes.values()].flat());
  const instanceTypes: RestoreOptions["instanceTypes"] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await ecs.describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ maxResults: 1600, nextToken }));
    for (const t of res.body?.instanceTypes?.instanceType ?? []) {
      if (!t.instanceTypeId || !sold.has(t.instanceTypeId)) continue;
      const zoneIds = [...zoneTypes].filter(([, types]) => types.includes(t.instanceTypeId!)).map(([z]) => z);
      instanceTypes.push({ instanceType: t.instanceTypeId, cpu: t.cpuCoreCount ?? 0, memoryGiB: t.memorySize ?? 0, zoneIds });
    }
    nextToken = res.body?.nextToken || undefined;
    if (!nextToken) break;
  }
  instanceTypes.sort((a, b) => a.instanceType.localeCompare(b.instanceType));
  return { regionId, zones, vSwitches, securityGroups, instanceTypes };
}

/** Every choice of the region; `fresh` skips the cache (the server's checks of a restore). Cloud errors propagate. */
export async function regionRestoreOptions(cloud: CloudClients, regionId: string, opts: { fresh?: boolean } = {}): Promise<RestoreOptions> {
  let byRegion = cache.get(cloud);
  if (!byRegion) cache.set(cloud, (byRegion = new Map()));
  const hit = byRegion.get(regionId);
  if (!opts.fresh && hit && hit.until > Date.now()) return hit.options;
  const options = await readOptions(cloud, regionId);
  byRegion.set(regionId, { options, until: Date.now() + RESTORE_OPTIONS_TTL_MS });
  return options;
}

/** GET /api/regions/{regionId}/restore-options: the region's choices, narrowed to one zone when asked. */
export async function getRestoreOptions(cloud: CloudClients, regionId: string, zoneId?: string): Promise<RestoreOptions> {
  let options: RestoreOptions;
  try {
    options = await regionRestoreOptions(cloud, regionId);
  } catch (err) {
    throw cloudReadError(`The choices of ${regionId} could not be read from ECS`, err);
  }
  if (!zoneId) return options;
  if (!options.zones.some((z) => z.zoneId === zoneId)) {
    throw new ApiError("NOT_FOUND", "Unknown zone", { fieldErrors: { zoneId: [`${zoneId} is not a zone of ${regionId}`] } });
  }
  return {
    ...options,
    vSwitches: options.vSwitches.filter((v) => v.zoneId === zoneId),
    instanceTypes: options.instanceTypes.filter((t) => t.zoneIds.includes(zoneId)),
  };
}
