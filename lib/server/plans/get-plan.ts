import "server-only";
import type { PlanDetail } from "@/lib/schemas/plan";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { planDetailInclude, toPlanDetail } from "@/lib/server/plans/plan-dto";

export async function getPlanOrThrow(db: Db, planId: string): Promise<PlanDetail> {
  const row = await db.plan.findUnique({ where: { id: planId }, include: planDetailInclude });
  if (!row) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
  return toPlanDetail(row);
}
