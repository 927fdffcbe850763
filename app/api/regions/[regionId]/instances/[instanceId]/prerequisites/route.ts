import { instanceParamsSchema, prerequisitesSchema } from "@/lib/schemas/inventory";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { checkPrerequisites } from "@/lib/server/inventory/check-prerequisites";
import { recordPrediction } from "@/lib/server/inventory/record-prediction";

// GET /api/regions/:regionId/instances/:instanceId/prerequisites – live application-consistency checklist and predicted level.
// The level predicted becomes the instance's prediction on its application-consistent plans.
export const GET = withRoute({ access: "signed-in", params: instanceParamsSchema }, async ({ params }) => {
  const prerequisites = await checkPrerequisites(getCloud(), params.regionId, params.instanceId);
  await recordPrediction(getDb(), params.instanceId, prerequisites);
  return prerequisitesSchema.parse(prerequisites);
});
