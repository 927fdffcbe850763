import { dashboardQuerySchema, dashboardSchema } from "@/lib/schemas/dashboard";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/dashboard – plans by status, protected instances, jobs, consistency reached and RPO, for a region or all
export const GET = withRoute({ access: "signed-in", query: dashboardQuerySchema }, async ({ query }) =>
  dashboardSchema.parse(await getDashboard(getDb(), query.regionId)),
);
