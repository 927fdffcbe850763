import "server-only";
import type { PgBoss } from "pg-boss";
import { Prisma } from "@/generated/prisma/client";
import type { PlanDetail } from "@/lib/schemas/plan";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { CloudError, toCloudError } from "@/lib/server/cloud/cloud-error";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { sendInTransaction } from "@/lib/server/jobs/boss";
import { planDetailInclude, toPlanDetail } from "@/lib/server/plans/plan-dto";
import { instanceMarker, planMarker } from "@/lib/server/cloud/hbr/markers";
import { RetryLater } from "@/lib/server/jobs/retry-later";
import { findPolicyByMarker } from "@/lib/server/plans/provision-plan";
import { isTerminalJobStatus } from "@/lib/server/plans/sync-plan-jobs";

/** API side: marks the plan Deleting and queues the removal of its cloud resources, in one transaction. */
export async function requestPlanDeletion(deps: { db: Db; boss: PgBoss }, planId: string, actor: { id: string; requestId?: string }): Promise<PlanDetail> {
  return deps.db.$transaction(async (tx) => {
    const before = await tx.plan.findUnique({ where: { id: planId }, select: { status: true } });
    if (!before) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
    if (before.status !== "deleting") {
      await tx.plan.update({ where: { id: planId }, data: { status: "deleting", lastError: Prisma.DbNull } });
      await recordAudit(tx, { actorId: actor.id, action: "plan.delete", targetType: "plan", targetId: planId, before: { status: before.status }, after: { status: "deleting" }, requestId: actor.requestId });
    }
    await sendInTransaction(deps.boss, tx, "planDelete", { planId }, { singletonKey: planId });
    return toPlanDetail(await tx.plan.findUniqueOrThrow({ where: { id: planId }, include: planDetailInclude }));
  });
}

const ignoreNotFound = async (call: () => Promise<unknown>) => {
  try {
    await call();
  } catch (err) {
    const e = toCloudError("hbr", "Delete", err);
    if (e.kind !== "not_found") throw e;
  }
};

/**
 * Worker side: removes what the plan created in HBR (found by id or by its marker, so resources whose create
 * was never recorded go too), then the plan row. Not-found counts as already removed.
 */
export async function deletePlanResources(deps: { db: Db; cloud: CloudClients }, planId: string): Promise<"deleted" | "skipped"> {
  const plan = await deps.db.plan.findUnique({ where: { id: planId }, include: { instances: true, jobs: true } });
  if (!plan || plan.status !== "deleting") return "skipped";
  if (plan.leaseUntil && plan.leaseUntil > new Date()) {
    throw new RetryLater(new CloudError("hbr", "Delete", "server", "PlanBusy", "The plan is being provisioned; deleting after that run.", null, null, ""));
  }
  const hbr = deps.cloud.hbr(plan.regionId);
  const ctx = { cloud: deps.cloud, plan: { regionId: plan.regionId } };
  try {
    if (plan.scheduleKind === "newPolicy") {
      const policyId = plan.policyId ?? (await findPolicyByMarker(ctx, planMarker(planId)));
      if (policyId) await ignoreNotFound(() => hbr.deletePolicyV2({ policyId }));
    } else if (plan.scheduleKind === "existingPolicy" && plan.policyId) {
      const policyId = plan.policyId;
      const res = await hbr.describePolicyBindings({ policyId, sourceType: "UDM_ECS", dataSourceIds: plan.instances.map((i) => i.instanceId), maxResults: 100 });
      const ours = res.policyBindings.filter((b) => b.policyBindingDescription === planMarker(planId)).map((b) => b.dataSourceId);
      if (ours.length) await ignoreNotFound(() => hbr.deletePolicyBinding({ policyId, sourceType: "UDM_ECS", dataSourceIds: ours }));
    } else if (plan.scheduleKind === "plan") {
      for (const i of plan.instances) {
        const marker = instanceMarker(planId, i.instanceId);
        const found = await hbr.describeBackupPlans({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "planName", values: [marker] }] });
        for (const p of found.backupPlans.backupPlan.filter((p) => p.planName === marker)) {
          await ignoreNotFound(() => hbr.deleteBackupPlan({ planId: p.planId, sourceType: "UDM_ECS" }));
        }
      }
    } else {
      for (const j of plan.jobs.filter((j) => !isTerminalJobStatus(j.status))) {
        try {
          await hbr.cancelBackupJob({ jobId: j.cloudJobId });
        } catch (err) {
          const e = toCloudError("hbr", "CancelBackupJob", err);
          if (e.retryable) throw e; // a job that already finished cannot be cancelled: fine
        }
      }
    }
  } catch (err) {
    const e = toCloudError("hbr", "Delete", err);
    await deps.db.plan.update({ where: { id: planId }, data: { lastError: { code: e.code, message: e.message, requestId: e.requestId } } });
    if (e.retryable) throw new RetryLater(e);
    return "skipped"; // stays Deleting with the error shown; Retry queues it again
  }
  await deps.db.$transaction(async (tx) => {
    await recordAudit(tx, { actorId: null, action: "plan.deleted", targetType: "plan", targetId: planId, before: { name: plan.name, regionId: plan.regionId }, after: null });
    await tx.plan.delete({ where: { id: planId } });
  });
  return "deleted";
}
