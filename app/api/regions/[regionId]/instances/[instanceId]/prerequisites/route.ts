import { instanceParamsSchema, prerequisitesSchema } from "@/lib/schemas/inventory";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { withRoute } from "@/lib/server/http/with-route";
import { checkPrerequisites } from "@/lib/server/inventory/check-prerequisites";

// GET /api/regions/:regionId/instances/:instanceId/prerequisites – live application-consistency checklist and predicted level
export const GET = withRoute({ access: "signed-in", params: instanceParamsSchema }, async ({ params }) =>
  prerequisitesSchema.parse(await checkPrerequisites(getCloud(), params.regionId, params.instanceId)),
);
