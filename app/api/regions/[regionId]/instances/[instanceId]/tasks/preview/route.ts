import { instanceParamsSchema, instanceTaskPreviewSchema, instanceTaskRequestSchema } from "@/lib/schemas/instances";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { withRoute } from "@/lib/server/http/with-route";
import { previewInstanceTask } from "@/lib/server/instance-tasks/instance-tasks";

// POST /api/regions/:regionId/instances/:instanceId/tasks/preview – the steps and cloud calls a task would make now
export const POST = withRoute({ access: "admin", params: instanceParamsSchema, body: instanceTaskRequestSchema }, async ({ params, body }) =>
  instanceTaskPreviewSchema.parse(await previewInstanceTask(getCloud(), params.regionId, params.instanceId, body)),
);
