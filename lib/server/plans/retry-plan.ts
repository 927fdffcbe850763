import "server-only";
import type { PgBoss } from "pg-boss";
import { Prisma } from "@/generated/prisma/client";
import type { PlanDetail } from "@/lib/schemas/plan";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { sendInTransaction } from "@/lib/server/jobs/boss";
import { planDetailInclude, toPlanDetail } from "@/lib/server/plans/plan-dto";

/** Resumes a Failed plan from its failed step (done steps are kept), or re-queues a deletion that stopped. */
export async function retryPlan(deps: { db: Db; boss: PgBoss }, planId: string, actor: { id: string; requestId?: string }): Promise<PlanDetail> {
  return deps.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, select: { status: true } });
    if (!plan) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
    if (plan.status === "deleting") {
      await sendInTransaction(deps.boss, tx, "planDelete", { planId }, { singletonKey: planId });
    } else if (plan.status === "failed") {
      await tx.cloudStep.updateMany({ where: { planId, status: { in: ["failed", "running"] } }, data: { status: "pending", attempts: 0 } });
      await tx.plan.update({ where: { id: planId }, data: { status: "pending", lastError: Prisma.DbNull } });
      await sendInTransaction(deps.boss, tx, "planProvision", { planId }, { singletonKey: planId });
    } else {
      throw new ApiError("CONFLICT", `Only a Failed plan can be retried; this one is ${plan.status}.`);
    }
    await recordAudit(tx, { actorId: actor.id, action: "plan.retry", targetType: "plan", targetId: planId, before: { status: plan.status }, after: null, requestId: actor.requestId });
    return toPlanDetail(await tx.plan.findUniqueOrThrow({ where: { id: planId }, include: planDetailInclude }));
  });
}
