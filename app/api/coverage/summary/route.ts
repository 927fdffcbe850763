import { coverageSummary } from "@/lib/server/coverage/list-coverage";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/coverage/summary – instances per coverage state, coverage % and freshness, for the dashboard
export const GET = withRoute(apiRoutes.coverageSummary, async ({ query }) => coverageSummary(getDb(), query.regionId));
