import { matchingCoverage } from "@/lib/server/coverage/list-coverage";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/coverage/matching – the ids (at most 99) of one region's instances the filters match, for Protect
export const GET = withRoute(apiRoutes.coverageMatching, async ({ query }) => matchingCoverage(getDb(), query));
