import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listAlerts } from "@/lib/server/alerts/alerts-api";

// GET /api/alerts – open (or resolved) alerts, newest first (viewers read it too)
export const GET = withRoute(apiRoutes.listAlerts, async ({ query }) => listAlerts(getDb(), query));
