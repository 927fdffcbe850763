import "server-only";
import { Prisma, type PlanAction } from "@/generated/prisma/client";
import { createPlanSchema, retentionDays, type CreatePlan } from "@/lib/schemas/plan";
import { CloudError, toCloudError } from "@/lib/server/cloud/cloud-error";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrClient } from "@/lib/server/cloud/hbr/hbr-client";
import type { HbrBackupJob } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { isConsoleNamedJob } from "@/lib/server/cloud/hbr/markers";
import { ecsDetail } from "@/lib/server/plans/plan-steps";
import { GIVE_UP_RETRYING_AFTER_MS, RetryLater } from "@/lib/server/jobs/retry-later";
import { eachLimited } from "@/lib/server/plans/provision-plan";
import { findJobByName, upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";

// Worker side of Pause, Resume and Run backup now. Each instance's call is preceded by a look-up, so a run that
// resumes after a dead worker repeats nothing: pausing twice is harmless in HBR, and a backup started by an
// earlier attempt of the same action is found (by the job id the action recorded, by its job name, or as a
// manual run of the instance created since the action started) instead of being started again.

const INSTANCE_CONCURRENCY = 8;

export type ActionOutcome = "done" | "failed" | "skipped";

interface ActionContext {
  db: Db;
  hbr: HbrClient;
  action: PlanAction;
  plan: { id: string; regionId: string; scheduleKind: string; policyId: string | null; config: CreatePlan };
  /** instance id → its HBR backup plan id (legacy per-instance plans). */
  backupPlans: Map<string, string>;
  /** instance id → the job an earlier run of this action recorded for it (its id, returned by the cloud). */
  recordedJobs: Map<string, string>;
  startedAtS: number;
}

/** Run-now jobs of a manual plan are named for the action, so a retry finds them. ≤ 64 characters. */
export const runNowJobName = (actionId: string, instanceId: string) => `hbr-console-${actionId}-${instanceId}`.slice(0, 64);

/** TriggerMode values known to mean a scheduled run. HBR documents none, so anything else may be a manual run. */
const SCHEDULED_TRIGGER_MODES = new Set(["SCHEDULE", "SCHEDULED", "AUTO"]);

/**
 * The manual run of one instance started since `sinceS`, among its jobs: HBR documents `PlanId` as a backup
 * plan's id and has no `PolicyId`, so a policy's job is matched by its instance and the time window; a job
 * whose PlanId names this policy or plan is preferred. A legacy plan's job must not name another backup plan
 * (`isPlanIdStrict`). A missing or unknown TriggerMode is accepted; a scheduled one is not.
 */
export function pickManualJob(
  jobs: HbrBackupJob[],
  want: { instanceId: string; sinceS: number; hbrPlanId: string; isPlanIdStrict: boolean; otherJobIds?: ReadonlySet<string> },
): HbrBackupJob | null {
  const candidates = jobs.filter(
    (j) =>
      (j.instanceId ?? want.instanceId) === want.instanceId &&
      !want.otherJobIds?.has(j.jobId) &&
      j.createdTime >= want.sinceS &&
      !SCHEDULED_TRIGGER_MODES.has(j.triggerMode ?? "") &&
      !isConsoleNamedJob(j) &&
      (!want.isPlanIdStrict || !j.planId || j.planId === want.hbrPlanId),
  );
  return candidates.find((j) => j.planId === want.hbrPlanId) ?? candidates[0] ?? null;
}

/** A manual run of the instance under `hbrPlanId` (a policy or backup plan id) created since the action started. */
async function findManualJobSince(ctx: ActionContext, instanceId: string, hbrPlanId: string): Promise<string | null> {
  const res = await ctx.hbr.describeBackupJobs2({
    sourceType: "UDM_ECS",
    pageSize: 99,
    filters: [
      { key: "InstanceId", values: [instanceId] },
      { key: "CreatedTime", operator: "GREATER_THAN_OR_EQUAL", values: [String(ctx.startedAtS)] },
    ],
  });
  const isPlanIdStrict = ctx.plan.scheduleKind === "plan";
  // Jobs the plan already knows from elsewhere (an earlier action in the same second, a scheduled run) are not this one.
  const known = await ctx.db.backupJob.findMany({
    where: { planId: ctx.plan.id, instanceId, cloudCreatedAt: { gte: new Date(ctx.startedAtS * 1000) }, cloudJobId: { notIn: ctx.action.jobIds } },
    select: { cloudJobId: true },
  });
  const otherJobIds = new Set(known.map((j) => j.cloudJobId));
  return pickManualJob(res.backupJobs.backupJob, { instanceId, sinceS: ctx.startedAtS, hbrPlanId, isPlanIdStrict, otherJobIds })?.jobId ?? null;
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
  const recorded = ctx.recordedJobs.get(instanceId);
  if (recorded) return recorded;
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
    recordedJobs: new Map(
      (await deps.db.backupJob.findMany({ where: { planId: row.id, cloudJobId: { in: action.jobIds } }, select: { cloudJobId: true, instanceId: true } })).flatMap((j) =>
        j.instanceId ? [[j.instanceId, j.cloudJobId] as const] : [],
      ),
    ),
    // Whole seconds, rounded down, like HBR's CreatedTime.
    startedAtS: Math.floor(started.getTime() / 1000),
  };
  const instanceIds = row.instances.map((i) => i.instanceId);
  let done = 0;
  const jobIds: string[] = [...action.jobIds];
  const progress = () => deps.db.planAction.update({ where: { id: actionId }, data: { done } });

  try {
    const isPolicyRun = action.kind === "runNow" && (row.scheduleKind === "newPolicy" || row.scheduleKind === "existingPolicy");
    const ruleId = isPolicyRun ? await backupRuleId(ctx, row.policyId!) : null;
    await eachLimited(instanceIds, INSTANCE_CONCURRENCY, async (instanceId) => {
      if (action.kind === "runNow") {
        const jobId = await runNow(ctx, instanceId, ruleId);
        // Its id goes on the action at once, then the job: a later run of the action reads it by id, and its
        // look-up never mistakes it for a job the plan knows from elsewhere.
        if (!jobIds.includes(jobId)) {
          jobIds.push(jobId);
          await deps.db.planAction.update({ where: { id: actionId }, data: { jobIds: { push: jobId } } });
        }
        await upsertCloudJob(deps.db, row.id, { jobId, instanceId, status: "CREATED", progress: 0, createdTime: Math.floor(Date.now() / 1000), triggerMode: "MANUAL" });
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
