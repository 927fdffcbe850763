import { listCoverage } from "@/lib/server/coverage/list-coverage";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/coverage – every inventory instance with its coverage state, filtered, sorted and paged (viewers read it too)
export const GET = withRoute(apiRoutes.listCoverage, async ({ query }) => listCoverage(getDb(), query));
