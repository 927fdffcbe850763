import "server-only";
import type { PlanDetail } from "@/lib/schemas/plan";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { planDetailInclude, toPlanDetail } from "@/lib/server/plans/plan-dto";

export async function getPlanOrThrow(db: Db, planId: string): Promise<PlanDetail> {
  // The plan and its relations are read by several queries: one snapshot for all of them, or a page could see
  // an action done but the plan not yet paused, and stop polling on that.
  const row = await db.$transaction((tx) => tx.plan.findUnique({ where: { id: planId }, include: planDetailInclude }), { isolationLevel: "RepeatableRead" });
  if (!row) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
  return toPlanDetail(row);
}

/** The plan's region alone (the page's region is the plan's), or null when there is no such plan. */
export async function getPlanRegionId(db: Db, planId: string): Promise<string | null> {
  const row = await db.plan.findUnique({ where: { id: planId }, select: { regionId: true } });
  return row?.regionId ?? null;
}
