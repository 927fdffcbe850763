import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { downloadResponse, planToTerraform } from "@/lib/server/plans/export-plan";
import { getPlanOrThrow } from "@/lib/server/plans/get-plan";

// GET /api/plans/:planId/export/terraform – the plan as Terraform (alicloud provider), downloaded as <name>.tf
export const GET = withRoute(apiRoutes.exportPlanTerraform, async ({ params }) => {
  const plan = await getPlanOrThrow(getDb(), params.planId);
  return downloadResponse(planToTerraform(plan), "text/plain; charset=utf-8", plan, ".tf");
});
