import { planIdParamsSchema } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { retryPlan } from "@/lib/server/plans/retry-plan";

// POST /api/plans/:planId/retry – resume a Failed plan from its failed step
export const POST = withRoute({ access: "admin", params: planIdParamsSchema, status: 202 }, async ({ params, user, requestId }) =>
  retryPlan({ db: getDb(), boss: await getQueueClient() }, params.planId, { id: user.id, requestId }),
);
