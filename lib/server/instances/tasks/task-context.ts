import "server-only";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { getInstanceOrThrow } from "@/lib/server/instances/get-instances-by-ids";
import type { TaskContext } from "@/lib/server/instances/tasks/task-runner";

/** The instance as ECS shows it now; 404 with a field error when the region or instance is unknown. */
export async function loadTaskContext(cloud: CloudClients, regionId: string, instanceId: string): Promise<TaskContext> {
  return { cloud, instance: await getInstanceOrThrow(cloud, regionId, instanceId) };
}
