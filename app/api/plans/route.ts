import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute, withStatus } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { createPlan } from "@/lib/server/plans/create-plan";
import { listPlans } from "@/lib/server/plans/list-plans";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";

// GET /api/plans – protection plans, filtered, sorted and paged
export const GET = withRoute(apiRoutes.listPlans, async ({ query }) => listPlans(getDb(), query));

// POST /api/plans – save a plan and queue its provisioning (Idempotency-Key: the same key and body give the same plan)
export const POST = withRoute(apiRoutes.createPlan, async ({ body, headers, user, requestId }) => {
  const result = await createPlan(
    { db: getDb(), boss: await getQueueClient(), inventory: cloudPlanInventory(getCloud()) },
    body,
    { id: user.id, requestId },
    headers["Idempotency-Key"],
  );
  return withStatus(result.plan, result.created ? 201 : 200);
});
