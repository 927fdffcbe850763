import { instanceParamsSchema, instanceTaskListSchema, instanceTaskRequestSchema } from "@/lib/schemas/instances";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { listInstanceTasks, requestInstanceTask } from "@/lib/server/instance-tasks/instance-tasks";
import { getQueueClient } from "@/lib/server/jobs/queue-client";

// GET /api/regions/:regionId/instances/:instanceId/tasks – recent fixes and dry runs with their steps
export const GET = withRoute({ access: "signed-in", params: instanceParamsSchema }, async ({ params }) =>
  instanceTaskListSchema.parse({ tasks: await listInstanceTasks(getDb(), params.instanceId) }),
);

// POST /api/regions/:regionId/instances/:instanceId/tasks – run a fix or a dry run (carried out by the worker: 202)
export const POST = withRoute({ access: "admin", params: instanceParamsSchema, body: instanceTaskRequestSchema, status: 202 }, async ({ params, body, user, requestId }) =>
  requestInstanceTask({ db: getDb(), boss: await getQueueClient(), cloud: getCloud() }, params.regionId, params.instanceId, body, { id: user.id, requestId }),
);
