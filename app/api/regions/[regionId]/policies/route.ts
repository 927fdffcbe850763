import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listPolicies } from "@/lib/server/policies/list-policies";
import { createPolicy } from "@/lib/server/policies/save-policy";

// GET /api/regions/:regionId/policies – the region's HBR backup policies (none where policies are not offered)
export const GET = withRoute(apiRoutes.listPolicies, async ({ params }) => ({ policies: await listPolicies(getCloud(), params.regionId) }));

// POST /api/regions/:regionId/policies – create a backup policy from Start Time, Backup Interval, Retention Period and replication
export const POST = withRoute(apiRoutes.createPolicy, async ({ params, body, user, requestId }) =>
  createPolicy({ db: getDb(), cloud: getCloud() }, params.regionId, body, { id: user.id, requestId }),
);
