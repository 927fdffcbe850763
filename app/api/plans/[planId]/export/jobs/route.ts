import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { downloadResponse, jobsToCsv } from "@/lib/server/plans/export-plan";
import { getPlanOrThrow } from "@/lib/server/plans/get-plan";

// GET /api/plans/:planId/export/jobs – the plan's backup jobs as CSV, downloaded as <name>-jobs.csv
export const GET = withRoute(apiRoutes.exportPlanJobs, async ({ params }) => {
  const plan = await getPlanOrThrow(getDb(), params.planId);
  return downloadResponse(jobsToCsv(plan), "text/csv; charset=utf-8", plan, "-jobs.csv");
});
