import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/dashboard – plans by status, protected instances, jobs, consistency reached and RPO, for a region or all
export const GET = withRoute(apiRoutes.dashboard, async ({ query }) => getDashboard(getDb(), query.regionId));
