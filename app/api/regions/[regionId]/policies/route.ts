import { createPolicySchema, policyDetailSchema, policyListSchema } from "@/lib/schemas/policy";
import { regionParamsSchema } from "@/lib/schemas/regions";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { listPolicies } from "@/lib/server/inventory/list-policies";
import { createPolicy } from "@/lib/server/policies/save-policy";

// GET /api/regions/:regionId/policies – the region's HBR backup policies (none where policies are not offered)
export const GET = withRoute({ access: "signed-in", params: regionParamsSchema }, async ({ params }) =>
  policyListSchema.parse({ policies: await listPolicies(getCloud(), params.regionId) }),
);

// POST /api/regions/:regionId/policies – create a backup policy from Start Time, Backup Interval, Retention Period and replication
export const POST = withRoute({ access: "admin", params: regionParamsSchema, body: createPolicySchema, status: 201 }, async ({ params, body, user, requestId }) =>
  policyDetailSchema.parse(await createPolicy({ db: getDb(), cloud: getCloud() }, params.regionId, body, { id: user.id, requestId })),
);
