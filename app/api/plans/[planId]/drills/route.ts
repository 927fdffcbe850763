import { getDb } from "@/lib/server/db/client";
import { listDrills } from "@/lib/server/drills/drill-settings";
import { requestDrill } from "@/lib/server/drills/request-drill";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";

// GET /api/plans/:planId/drills – the plan's restore drills, Last verified restorable and the drill settings
export const GET = withRoute(apiRoutes.listDrills, async ({ params, query }) => listDrills(getDb(), params.planId, query));

// POST /api/plans/:planId/drills – start a restore drill now (carried out by the worker: 202)
export const POST = withRoute(apiRoutes.startDrill, async ({ params, body, user, requestId }) =>
  requestDrill({ db: getDb(), boss: await getQueueClient() }, params.planId, body, { id: user.id, requestId }),
);
