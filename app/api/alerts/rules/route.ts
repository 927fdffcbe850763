import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { listRules, updateRules } from "@/lib/server/alerts/alerts-api";

// GET /api/alerts/rules – every rule; PUT – an admin turns rules on or off (evaluated again at once)
export const GET = withRoute(apiRoutes.listAlertRules, async () => listRules(getDb()));

export const PUT = withRoute(apiRoutes.updateAlertRules, async ({ body, user, requestId }) =>
  updateRules({ db: getDb(), boss: await getQueueClient() }, body, { id: user.id, requestId }),
);
