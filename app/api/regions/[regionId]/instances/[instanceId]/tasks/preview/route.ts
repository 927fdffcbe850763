import { getCloud } from "@/lib/server/cloud/get-cloud";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { previewInstanceTask } from "@/lib/server/instances/tasks/instance-tasks";

// POST /api/regions/:regionId/instances/:instanceId/tasks/preview – the steps and cloud calls a task would make now
export const POST = withRoute(apiRoutes.previewInstanceTask, async ({ params, body }) =>
  previewInstanceTask(getCloud(), params.regionId, params.instanceId, body),
);
