import { instanceDetailSchema, instanceParamsSchema } from "@/lib/schemas/instances";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { getInstanceDetail } from "@/lib/server/inventory/get-instance-detail";

// GET /api/regions/:regionId/instances/:instanceId – the instance live, its plans and recent backups (predicted vs reached)
export const GET = withRoute({ access: "signed-in", params: instanceParamsSchema }, async ({ params }) =>
  instanceDetailSchema.parse(await getInstanceDetail({ db: getDb(), cloud: getCloud() }, params.regionId, params.instanceId)),
);
