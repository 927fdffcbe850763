import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { requestPlanAction } from "@/lib/server/plans/request-plan-action";

// POST /api/plans/:planId/actions – Pause, Resume or Run backup now (carried out by the worker: 202)
export const POST = withRoute(apiRoutes.planAction, async ({ params, body, user, requestId }) =>
  requestPlanAction({ db: getDb(), boss: await getQueueClient() }, params.planId, body.kind, { id: user.id, requestId }),
);
