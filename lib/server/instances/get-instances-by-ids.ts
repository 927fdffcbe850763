import "server-only";
import type { Instance } from "@/lib/schemas/instances";
import type { Region } from "@/lib/schemas/regions";
import { MAX_INSTANCES_PER_PLAN } from "@/lib/schemas/plan";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { toInstanceDtos } from "@/lib/server/instances/instance-dtos";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";
import { ApiError } from "@/lib/server/http/api-error";

/**
 * The live inventory view of the given instances (at most 99, a plan's limit; DescribeInstances takes 100 ids),
 * in the order asked. Ids ECS does not know in this region are simply absent: callers decide what that means.
 */
export async function getInstancesByIds(cloud: CloudClients, regionId: string, instanceIds: string[]): Promise<Instance[]> {
  return describeInstancesByIds(cloud, await getRegionOrThrow(cloud, regionId), instanceIds);
}

/** getInstancesByIds for a region already looked up. */
export async function describeInstancesByIds(cloud: CloudClients, region: Region, instanceIds: string[]): Promise<Instance[]> {
  const ids = [...new Set(instanceIds)];
  if (ids.length > MAX_INSTANCES_PER_PLAN) {
    throw new ApiError("BAD_REQUEST", `At most ${MAX_INSTANCES_PER_PLAN} instances can be looked up at once`);
  }
  if (ids.length === 0) return [];
  const { regionId } = region;
  const res = await cloud
    .ecs(regionId)
    .describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify(ids), pageSize: 100 }));
  const byId = new Map((res.body?.instances?.instance ?? []).map((i) => [i.instanceId, i]));
  const found = ids.map((id) => byId.get(id)).filter((i) => i !== undefined);
  return toInstanceDtos(cloud, region, found);
}

/** The live inventory view of one instance; 404 with a field error when the region or the instance is unknown. */
export async function getInstanceOrThrow(cloud: CloudClients, regionId: string, instanceId: string): Promise<Instance> {
  const region = await getRegionOrThrow(cloud, regionId);
  const [instance] = await describeInstancesByIds(cloud, region, [instanceId]);
  if (!instance) throw new ApiError("NOT_FOUND", "Unknown instance", { fieldErrors: { instanceId: [`${instanceId} is not an ECS instance in ${regionId}`] } });
  return instance;
}
