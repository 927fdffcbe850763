import "server-only";
import type { Disk, Instance } from "@/lib/schemas/instances";
import type { Region } from "@/lib/schemas/regions";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { checkSnapshotGroupSupport } from "@/lib/server/instances/consistency-rules";

/** At most this many DescribeDisks calls in flight for one page (ECS throttles per account). */
export const DISK_CONCURRENCY = 8;
/** DescribeInstanceRamRole takes at most 50 ids. */
const RAM_ROLE_BATCH = 50;
/** DescribePolicyBindings `MaxResults` upper bound. */
const BINDINGS_PAGE = 100;

export type EcsInstance = $Ecs.DescribeInstancesResponseBodyInstancesInstance;

/** Runs `fn` over `items` with at most `limit` calls at once, keeping the order of `items`. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function describeDisks(cloud: CloudClients, regionId: string, instanceId: string): Promise<Disk[]> {
  // An ECS instance has at most 65 disks, so one page of 100 holds them all.
  const res = await cloud.ecs(regionId).describeDisks(new $Ecs.DescribeDisksRequest({ regionId, instanceId, pageSize: 100 }));
  return (res.body?.disks?.disk ?? [])
    .map((d) => ({
      diskId: d.diskId ?? "",
      diskName: d.diskName ?? "",
      type: d.type === "system" ? ("system" as const) : ("data" as const),
      category: d.category ?? "",
      sizeGiB: d.size ?? 0,
      device: d.device ?? "",
      zoneId: d.zoneId ?? "",
    }))
    .sort((a, b) => (a.type === b.type ? a.device.localeCompare(b.device) : a.type === "system" ? -1 : 1));
}

async function describeRamRoles(cloud: CloudClients, regionId: string, instanceIds: string[]): Promise<Map<string, string>> {
  const roles = new Map<string, string>();
  await Promise.all(
    chunk(instanceIds, RAM_ROLE_BATCH).map(async (ids) => {
      const res = await cloud
        .ecs(regionId)
        .describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId, instanceIds: JSON.stringify(ids), pageSize: RAM_ROLE_BATCH }));
      for (const r of res.body?.instanceRamRoleSets?.instanceRamRoleSet ?? []) if (r.instanceId && r.ramRoleName) roles.set(r.instanceId, r.ramRoleName);
    }),
  );
  return roles;
}

/** instance id → the policy it is bound to; one paged DescribePolicyBindings for all of them. */
async function describeBoundPolicies(cloud: CloudClients, regionId: string, instanceIds: string[]): Promise<Map<string, string>> {
  const bound = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const res = await cloud.hbr(regionId).describePolicyBindings({ sourceType: "UDM_ECS", dataSourceIds: instanceIds, maxResults: BINDINGS_PAGE, nextToken });
    for (const b of res.policyBindings ?? []) if (b.sourceType === "UDM_ECS") bound.set(b.dataSourceId, b.policyId);
    nextToken = res.nextToken || undefined;
  } while (nextToken);
  return bound;
}

/**
 * The inventory view of ECS instances: their disks, snapshot-consistent-group support, RAM role and the policy
 * they are bound to. Disks, roles and bindings are read in parallel, disks with bounded concurrency.
 */
export async function toInstanceDtos(cloud: CloudClients, region: Region, described: EcsInstance[]): Promise<Instance[]> {
  const instances = described.filter((i) => i.instanceId);
  const ids = instances.map((i) => i.instanceId!);
  if (ids.length === 0) return [];
  const [disks, roles, bound] = await Promise.all([
    mapWithConcurrency(ids, DISK_CONCURRENCY, (id) => describeDisks(cloud, region.regionId, id)),
    describeRamRoles(cloud, region.regionId, ids),
    region.policySupported ? describeBoundPolicies(cloud, region.regionId, ids) : Promise.resolve(new Map<string, string>()),
  ]);
  return instances.map((i, index) => {
    const instanceId = i.instanceId!;
    const group = checkSnapshotGroupSupport(disks[index]!);
    return {
      instanceId,
      instanceName: i.instanceName || instanceId,
      osType: i.OSType?.toLowerCase() === "windows" ? "windows" : "linux",
      osName: i.OSNameEn || i.OSName || "",
      status: i.status ?? "",
      zoneId: i.zoneId ?? "",
      regionId: i.regionId || region.regionId,
      disks: disks[index]!,
      snapshotGroupSupported: group.isSupported,
      snapshotGroupReason: group.reason,
      boundPolicyId: bound.get(instanceId) ?? null,
      ramRoleName: roles.get(instanceId) ?? null,
    };
  });
}
