import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getInstanceDetail } from "@/lib/server/instances/get-instance-detail";

// GET /api/regions/:regionId/instances/:instanceId – the instance live, its plans and recent backups (predicted vs reached)
export const GET = withRoute(apiRoutes.getInstance, async ({ params }) =>
  getInstanceDetail({ db: getDb(), cloud: getCloud() }, params.regionId, params.instanceId),
);
