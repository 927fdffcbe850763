import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { retryPlan } from "@/lib/server/plans/retry-plan";

// POST /api/plans/:planId/retry – resume a Failed plan from its failed step
export const POST = withRoute(apiRoutes.retryPlan, async ({ params, user, requestId }) =>
  retryPlan({ db: getDb(), boss: await getQueueClient() }, params.planId, { id: user.id, requestId }),
);
