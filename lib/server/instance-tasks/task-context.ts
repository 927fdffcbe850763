import "server-only";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { ApiError } from "@/lib/server/http/api-error";
import { describeInstancesByIds } from "@/lib/server/inventory/get-instances-by-ids";
import { getRegionOrThrow } from "@/lib/server/inventory/list-regions";
import type { TaskContext } from "@/lib/server/instance-tasks/task-runner";

/** The instance as ECS shows it now; 404 with a field error when the region or instance is unknown. */
export async function loadTaskContext(cloud: CloudClients, regionId: string, instanceId: string): Promise<TaskContext> {
  const region = await getRegionOrThrow(cloud, regionId);
  const [instance] = await describeInstancesByIds(cloud, region, [instanceId]);
  if (!instance) throw new ApiError("NOT_FOUND", "Unknown instance", { fieldErrors: { instanceId: [`${instanceId} is not an ECS instance in ${regionId}`] } });
  return { cloud, instance };
}
