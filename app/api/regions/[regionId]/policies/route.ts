import { policyListSchema, regionParamsSchema } from "@/lib/schemas/inventory";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { withRoute } from "@/lib/server/http/with-route";
import { listPolicies } from "@/lib/server/inventory/list-policies";

// GET /api/regions/:regionId/policies – the region's HBR backup policies (none where policies are not offered)
export const GET = withRoute({ access: "signed-in", params: regionParamsSchema }, async ({ params }) =>
  policyListSchema.parse({ policies: await listPolicies(getCloud(), params.regionId) }),
);
