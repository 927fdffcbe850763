import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { deletePolicy } from "@/lib/server/policies/delete-policy";
import { getPolicyOrThrow } from "@/lib/server/policies/get-policy";
import { updatePolicy } from "@/lib/server/policies/save-policy";

// GET /api/regions/:regionId/policies/:policyId – a backup policy with its rules and every instance bound to it
export const GET = withRoute(apiRoutes.getPolicy, async ({ params }) => getPolicyOrThrow(getCloud(), params.regionId, params.policyId));

// PUT /api/regions/:regionId/policies/:policyId – new name and rules; the answer lists the bound instances that follow them
export const PUT = withRoute(apiRoutes.updatePolicy, async ({ params, body, user, requestId }) =>
  updatePolicy({ db: getDb(), cloud: getCloud() }, params.regionId, params.policyId, body, { id: user.id, requestId }),
);

// DELETE /api/regions/:regionId/policies/:policyId – delete a policy that protects no instance (409 with the list otherwise)
export const DELETE = withRoute(apiRoutes.deletePolicy, async ({ params, user, requestId }) => {
  await deletePolicy({ db: getDb(), cloud: getCloud() }, params.regionId, params.policyId, { id: user.id, requestId });
});
