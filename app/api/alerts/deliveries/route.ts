import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listDeliveries } from "@/lib/server/alerts/alerts-api";

// GET /api/alerts/deliveries – the delivery log, newest first (viewers read it too)
export const GET = withRoute(apiRoutes.listAlertDeliveries, async ({ query }) => listDeliveries(getDb(), query));
