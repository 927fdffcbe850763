import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listInstanceTasks, requestInstanceTask } from "@/lib/server/instances/tasks/instance-tasks";
import { getQueueClient } from "@/lib/server/jobs/queue-client";

// GET /api/regions/:regionId/instances/:instanceId/tasks – recent fixes and dry runs with their steps
export const GET = withRoute(apiRoutes.listInstanceTasks, async ({ params }) => ({ tasks: await listInstanceTasks(getDb(), params.instanceId) }));

// POST /api/regions/:regionId/instances/:instanceId/tasks – run a fix or a dry run (carried out by the worker: 202)
export const POST = withRoute(apiRoutes.createInstanceTask, async ({ params, body, user, requestId }) =>
  requestInstanceTask({ db: getDb(), boss: await getQueueClient(), cloud: getCloud() }, params.regionId, params.instanceId, body, { id: user.id, requestId }),
);
