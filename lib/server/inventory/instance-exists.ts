import "server-only";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { ApiError } from "@/lib/server/http/api-error";
import { getRegionOrThrow } from "@/lib/server/inventory/list-regions";

/** Whether ECS knows the instance in the region (false for a region the account does not have). Cloud trouble throws. */
export async function instanceExists(cloud: CloudClients, regionId: string, instanceId: string): Promise<boolean> {
  try {
    await getRegionOrThrow(cloud, regionId);
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") return false;
    throw err;
  }
  const res = await cloud.ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([instanceId]), pageSize: 10 }));
  return (res.body?.instances?.instance ?? []).some((i) => i.instanceId === instanceId);
}
