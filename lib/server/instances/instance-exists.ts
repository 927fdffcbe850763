import "server-only";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { ApiError } from "@/lib/server/http/api-error";
import { getInstanceOrThrow } from "@/lib/server/instances/get-instances-by-ids";

/** Whether ECS knows the instance in the region (false for a region the account does not have). Cloud trouble throws. */
export async function instanceExists(cloud: CloudClients, regionId: string, instanceId: string): Promise<boolean> {
  try {
    await getInstanceOrThrow(cloud, regionId, instanceId);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") return false;
    throw err;
  }
}
