import "server-only";
import { randomBytes } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { planActionRefusal, type BulkPlanActionResult, type PlanAction, type PlanActionKind, type PlanActionTarget } from "@/lib/schemas/plan";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Db, Tx } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { sendInTransaction } from "@/lib/server/jobs/boss";
import { toPlanAction } from "@/lib/server/plans/plan-dto";

// API side of Pause, Resume and Run backup now: checks that the action applies to each plan, then records the
// action and its queue job in one transaction. The worker (run-plan-action.ts) makes the cloud calls, so a request
// is never lost between the answer and the cloud, and a plan has at most one open action at a time.

interface PlanState extends PlanActionTarget {
  id: string;
  instanceCount: number;
}

const auditActions: Record<PlanActionKind, string> = { pause: "plan.pause", resume: "plan.resume", runNow: "plan.run_now" };

/** Short, so run-now job names (marker + instance id) stay within HBR's 64 characters. */
const newActionId = () => `pact_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;

async function lockPlans(tx: Tx, planIds: string[]): Promise<Map<string, PlanState>> {
  // FOR UPDATE: two requests for the same plan queue up here, so the one-open-action rule holds without a race.
  const rows = await tx.$queryRaw<{ id: string; name: string; status: string; mode: string; paused: boolean; instanceCount: number; hasOpenAction: boolean }[]>`
    SELECT p."id", p."name", p."status", p."mode", p."paused",
      (SELECT count(*)::int FROM "plan_instance" i WHERE i."planId" = p."id") AS "instanceCount",
      EXISTS (SELECT 1 FROM "plan_action" a WHERE a."planId" = p."id" AND a."status" IN ('pending', 'running')) AS "hasOpenAction"
    FROM "plan" p WHERE p."id" = ANY(${planIds}) ORDER BY p."id" FOR UPDATE OF p`;
  return new Map(rows.map((r) => [r.id, r]));
}

export async function requestPlanActions(
  deps: { db: Db; boss: PgBoss },
  planIds: string[],
  kind: PlanActionKind,
  actor: { id: string; requestId?: string },
): Promise<BulkPlanActionResult> {
  return deps.db.$transaction(async (tx) => {
    const plans = await lockPlans(tx, planIds);
    const accepted: PlanAction[] = [];
    const rejected: BulkPlanActionResult["rejected"] = [];
    for (const planId of planIds) {
      const plan = plans.get(planId);
      if (!plan) {
        rejected.push({ planId, name: null, message: "No such protection plan. It may have been deleted." });
        continue;
      }
      const refusal = planActionRefusal(kind, plan);
      if (refusal) {
        rejected.push({ planId, name: plan.name, message: refusal });
        continue;
      }
      const row = await tx.planAction.create({
        data: { id: newActionId(), planId, kind, total: plan.instanceCount, requestedById: actor.id },
        include: { requestedBy: { select: { email: true } } },
      });
      plans.set(planId, { ...plan, hasOpenAction: true });
      await sendInTransaction(deps.boss, tx, "planAction", { actionId: row.id }, { singletonKey: row.id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: auditActions[kind],
        targetType: "plan",
        targetId: planId,
        before: { status: plan.status, paused: plan.paused },
        after: { actionId: row.id },
        requestId: actor.requestId,
      });
      accepted.push(toPlanAction(row));
    }
    return { accepted, rejected };
  });
}

/** One plan: the action, or the reason it does not apply as a 404/409. */
export async function requestPlanAction(deps: { db: Db; boss: PgBoss }, planId: string, kind: PlanActionKind, actor: { id: string; requestId?: string }): Promise<PlanAction> {
  const { accepted, rejected } = await requestPlanActions(deps, [planId], kind, actor);
  if (accepted[0]) return accepted[0];
  const reason = rejected[0]!;
  throw new ApiError(reason.name === null ? "NOT_FOUND" : "CONFLICT", reason.message);
}
