import "server-only";
import { Prisma, type PlanAction } from "@/generated/prisma/client";
import { createPlanSchema, retentionDays, type CreatePlan } from "@/lib/schemas/plan";
import { CloudError, toCloudError } from "@/lib/server/cloud/cloud-error";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrClient } from "@/lib/server/cloud/hbr/hbr-client";
import type { Db } from "@/lib/server/db/client";
import { ecsDetail } from "@/lib/server/plans/plan-steps";
import { GIVE_UP_RETRYING_AFTER_MS, RetryLater } from "@/lib/server/jobs/retry-later";
import { eachLimited } from "@/lib/server/plans/provision-plan";
import { findJobByName, upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";

// Worker side of Pause, Resume and Run backup now. Each instance's call is preceded by a look-up, so a run that
// resumes after a dead worker repeats nothing: pausing twice is harmless in HBR, and a backup started by an
// earlier attempt of the same action is found (by its job name, or as a MANUAL job of the same policy or plan
// created since the action started) instead of being started again.

const INSTANCE_CONCURRENCY = 8;

export type ActionOutcome = "done" | "failed" | "skipped";

interface ActionContext {
  db: Db;
  hbr: HbrClient;
  action: PlanAction;
  plan: { id: string; regionId: string; scheduleKind: string; policyId: string | null; config: CreatePlan };
  /** instance id → its HBR backup plan id (legacy per-instance plans). */
  backupPlans: Map<string, string>;
  startedAtS: number;
}

/** Run-now jobs of a manual plan are named for the action, so a retry finds them. ≤ 64 characters. */
export const runNowJobName = (actionId: string, instanceId: string) => `hbr-console-${actionId}-${instanceId}`.slice(0, 64);

/** A MANUAL job for the instance under `hbrPlanId` (a policy or backup plan id) created since the action started. */
async function findManualJobSince(ctx: ActionContext, instanceId: string, hbrPlanId: string): Promise<string | null> {
  const res = await ctx.hbr.describeBackupJobs2({
    sourceType: "UDM_ECS",
    pageSize: 99,
    filters: [
      { key: "InstanceId", values: [instanceId] },
      { key: "PlanId", values: [hbrPlanId] },
      { key: "CreatedTime", operator: "GREATER_THAN_OR_EQUAL", values: [String(ctx.startedAtS)] },
    ],
  });
  return res.backupJobs.backupJob.find((j) => j.triggerMode === "MANUAL" && j.planId === hbrPlanId)?.jobId ?? null;
}

async function backupRuleId(ctx: ActionContext, policyId: string): Promise<string> {
  const page = await ctx.hbr.describePoliciesV2({ policyId, maxResults: 10 });
  const rule = page.policies.find((p) => p.policyId === policyId)?.rules.find((r) => r.ruleType === "BACKUP" && r.ruleId);
  if (!rule?.ruleId) throw new CloudError("hbr", "ExecutePolicyV2", "client", "PolicyHasNoBackupRule", `Backup policy ${policyId} has no BACKUP rule to run.`, null, null, "");
  return rule.ruleId;
}

function backupPlanOf(ctx: ActionContext, instanceId: string): string {
  const id = ctx.backupPlans.get(instanceId);
  if (!id) throw new CloudError("hbr", "ExecuteBackupPlan", "client", "BackupPlanNotRecorded", `No HBR backup plan is recorded for ${instanceId}.`, null, null, "");
  return id;
}

/** Starts (or finds) a backup of one instance now; returns its job id. */
async function runNow(ctx: ActionContext, instanceId: string, ruleId: string | null): Promise<string> {
  const { plan, hbr, action } = ctx;
  if (plan.scheduleKind === "manual") {
    if (plan.config.backupMode.mode !== "manual") throw new Error("manual plan without a Manual Backup mode");
    const name = runNowJobName(action.id, instanceId);
    const snapshotGroupSupported = await ctx.db.planInstance
      .findUnique({ where: { planId_instanceId: { planId: plan.id, instanceId } }, select: { snapshotGroup: true } })
      .then((i) => i?.snapshotGroup ?? false);
    return (
      (await findJobByName(hbr, instanceId, name)) ??
      (
        await hbr.createBackupJob({
          sourceType: "UDM_ECS",
          instanceId,
          backupType: "COMPLETE",
          jobName: name,
          retention: retentionDays(plan.config.backupMode.retention),
          detail: ecsDetail(plan.config, { instanceId, snapshotGroupSupported }, "CreateBackupJob"),
        })
      ).jobId
    );
  }
  if (plan.scheduleKind === "plan") {
    const backupPlanId = backupPlanOf(ctx, instanceId);
    return (await findManualJobSince(ctx, instanceId, backupPlanId)) ?? (await hbr.executeBackupPlan({ planId: backupPlanId, sourceType: "UDM_ECS" })).jobId;
  }
  const policyId = plan.policyId!;
  return (
    (await findManualJobSince(ctx, instanceId, policyId)) ??
    (await hbr.executePolicyV2({ policyId, ruleId: ruleId!, sourceType: "UDM_ECS", dataSourceId: instanceId })).jobId
  );
}

/** Suspends or resumes the schedule of one instance; both calls are idempotent in HBR. */
async function setPaused(ctx: ActionContext, instanceId: string, paused: boolean): Promise<void> {
  const { plan, hbr } = ctx;
  if (plan.scheduleKind === "plan") {
    const request = { planId: backupPlanOf(ctx, instanceId), sourceType: "UDM_ECS" } as const;
    await (paused ? hbr.disableBackupPlan(request) : hbr.enableBackupPlan(request));
    return;
  }
  await hbr.updatePolicyBinding({ policyId: plan.policyId!, sourceType: "UDM_ECS", dataSourceId: instanceId, disabled: paused });
}

async function finish(db: Db, actionId: string, status: "done" | "failed", lastError: object | null): Promise<void> {
  await db.planAction.update({ where: { id: actionId }, data: { status, lastError: lastError ?? Prisma.DbNull, finishedAt: new Date() } });
}

export async function runPlanAction(deps: { db: Db; cloud: CloudClients }, actionId: string): Promise<ActionOutcome> {
  const action = await deps.db.planAction.findUnique({ where: { id: actionId } });
  if (!action || action.status === "done" || action.status === "failed") return "skipped";
  const row = await deps.db.plan.findUnique({ where: { id: action.planId }, include: { instances: { select: { instanceId: true } }, steps: true } });
  if (!row || row.status !== "active") {
    await finish(deps.db, actionId, "failed", { code: "PlanNotActive", message: `The plan is ${row?.status ?? "deleted"}; nothing was changed.`, requestId: null });
    return "failed";
  }
  const started = action.startedAt ?? new Date();
  if (!action.startedAt) await deps.db.planAction.update({ where: { id: actionId }, data: { status: "running", startedAt: started } });

  const ctx: ActionContext = {
    db: deps.db,
    hbr: deps.cloud.hbr(row.regionId),
    action,
    plan: { id: row.id, regionId: row.regionId, scheduleKind: row.scheduleKind, policyId: row.policyId, config: createPlanSchema.parse(row.config) },
    backupPlans: new Map(row.steps.filter((s) => s.action === "CreateBackupPlan" && s.cloudId).map((s) => [s.target.split(":")[1]!, s.cloudId!])),
    // Whole seconds, rounded down, like HBR's CreatedTime.
    startedAtS: Math.floor(started.getTime() / 1000),
  };
  const instanceIds = row.instances.map((i) => i.instanceId);
  let done = 0;
  const jobIds: string[] = [];
  const progress = () => deps.db.planAction.update({ where: { id: actionId }, data: { done, jobIds } });

  try {
    const isPolicyRun = action.kind === "runNow" && (row.scheduleKind === "newPolicy" || row.scheduleKind === "existingPolicy");
    const ruleId = isPolicyRun ? await backupRuleId(ctx, row.policyId!) : null;
    await eachLimited(instanceIds, INSTANCE_CONCURRENCY, async (instanceId) => {
      if (action.kind === "runNow") {
        const jobId = await runNow(ctx, instanceId, ruleId);
        await upsertCloudJob(deps.db, row.id, { jobId, instanceId, status: "CREATED", progress: 0, createdTime: Math.floor(Date.now() / 1000), triggerMode: "MANUAL" });
        jobIds.push(jobId);
      } else {
        await setPaused(ctx, instanceId, action.kind === "pause");
      }
      done++;
      await progress();
    });
  } catch (err) {
    const error = toCloudError("hbr", action.kind, err);
    const errorJson = { code: error.code, message: error.message, requestId: error.requestId };
    if (error.retryable && Date.now() - action.createdAt.getTime() < GIVE_UP_RETRYING_AFTER_MS) {
      await deps.db.planAction.update({ where: { id: actionId }, data: { lastError: errorJson } });
      throw new RetryLater(error);
    }
    await finish(deps.db, actionId, "failed", errorJson);
    return "failed";
  }

  await deps.db.$transaction(async (tx) => {
    if (action.kind === "pause") await tx.plan.update({ where: { id: row.id }, data: { paused: true } });
    if (action.kind === "resume") {
      // HBR resumes from now without backfilling missed runs, so the RPO clock restarts too (1.5 = RPO_SLACK).
      await tx.$executeRaw`
        UPDATE "plan" SET "paused" = false,
          "rpoDueAt" = CASE WHEN "rpoIntervalS" IS NULL THEN NULL
            ELSE GREATEST("rpoDueAt", (now() AT TIME ZONE 'UTC') + make_interval(secs => 1.5 * "rpoIntervalS")) END
        WHERE "id" = ${row.id}`;
    }
    await tx.planAction.update({ where: { id: actionId }, data: { status: "done", done, jobIds, lastError: Prisma.DbNull, finishedAt: new Date() } });
  });
  return "done";
}
