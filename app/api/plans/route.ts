import { NextResponse } from "next/server";
import { createPlanSchema, planListQuerySchema } from "@/lib/schemas/plan";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { createPlan } from "@/lib/server/plans/create-plan";
import { listPlans } from "@/lib/server/plans/list-plans";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

// GET /api/plans – protection plans, filtered, sorted and paged
export const GET = withRoute({ access: "signed-in", query: planListQuerySchema }, async ({ query }) => listPlans(getDb(), query));

// POST /api/plans – save a plan and queue its provisioning (Idempotency-Key: the same key and body give the same plan)
export const POST = withRoute({ access: "admin", body: createPlanSchema }, async ({ req, body, user, requestId }) => {
  const key = req.headers.get("idempotency-key") ?? undefined;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError("BAD_REQUEST", "Idempotency-Key must be 8–128 characters of letters, digits and . _ : -");
  }
  const result = await createPlan(
    { db: getDb(), boss: await getQueueClient(), inventory: cloudPlanInventory(getCloud()) },
    body,
    { id: user.id, requestId },
    key,
  );
  return NextResponse.json(result.plan, { status: result.created ? 201 : 200 });
});
