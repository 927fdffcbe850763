import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { requestPlanDeletion } from "@/lib/server/plans/delete-plan";
import { getPlanOrThrow } from "@/lib/server/plans/get-plan";

// GET /api/plans/:planId – a plan with its instances, provisioning steps and backup jobs
export const GET = withRoute(apiRoutes.getPlan, async ({ params }) => getPlanOrThrow(getDb(), params.planId));

// DELETE /api/plans/:planId – remove the plan and what it created in HBR (asynchronously: 202)
export const DELETE = withRoute(apiRoutes.deletePlan, async ({ params, user, requestId }) =>
  requestPlanDeletion({ db: getDb(), boss: await getQueueClient() }, params.planId, { id: user.id, requestId }),
);
