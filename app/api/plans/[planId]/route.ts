import { NextResponse } from "next/server";
import { planIdParamsSchema } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { requestPlanDeletion } from "@/lib/server/plans/delete-plan";
import { getPlanOrThrow } from "@/lib/server/plans/get-plan";

// GET /api/plans/:planId – a plan with its instances, provisioning steps and backup jobs
export const GET = withRoute({ access: "signed-in", params: planIdParamsSchema }, async ({ params }) => getPlanOrThrow(getDb(), params.planId));

// DELETE /api/plans/:planId – remove the plan and what it created in HBR (asynchronously: 202)
export const DELETE = withRoute({ access: "admin", params: planIdParamsSchema }, async ({ params, user, requestId }) =>
  NextResponse.json(await requestPlanDeletion({ db: getDb(), boss: await getQueueClient() }, params.planId, { id: user.id, requestId }), { status: 202 }),
);
