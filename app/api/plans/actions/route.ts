import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { requestPlanActions } from "@/lib/server/plans/request-plan-action";

// POST /api/plans/actions – one action on many plans; plans it does not apply to are listed with the reason
export const POST = withRoute(apiRoutes.bulkPlanAction, async ({ body, user, requestId }) =>
  requestPlanActions({ db: getDb(), boss: await getQueueClient() }, body.planIds, body.kind, { id: user.id, requestId }),
);
