import "server-only";
import type { Logger } from "pino";
import { Prisma, type CloudStep, type PlanInstance } from "@/generated/prisma/client";
import { createPlanSchema, hbrSchedule, retentionDays, type CreatePlan } from "@/lib/schemas/plan";
import { toCloudError, type CloudError } from "@/lib/server/cloud/cloud-error";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { recordPrediction } from "@/lib/server/instances/record-prediction";
import { RetryLater } from "@/lib/server/jobs/retry-later";
import { listPolicyBindings } from "@/lib/server/policies/policy-bindings";
import { ecsDetail, policyRules, udmDetail, type InstanceFacts, type StepAction } from "@/lib/server/plans/plan-steps";
import { findJobByName, upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";

// The worker side of a plan: runs its recorded cloud steps in order, each one "look up by marker, else create,
// then record the cloud id". A step that already ran is skipped, so an interrupted run resumes, and a step whose
// create went through before the worker died finds its resource instead of making a second one.

/** A worker holds a plan this long past its last renewal; a killed worker's plans are free again after it. */
export const LEASE_MS = 15_000;
const LEASE_RENEW_MS = 5_000;
/** Attempts of one step across runs before a retryable error is given up on and the plan marked Failed. */
export const MAX_STEP_ATTEMPTS = 8;
const INSTANCE_STEP_CONCURRENCY = 10;

export interface ProvisionDeps {
  db: Db;
  cloud: CloudClients;
  log: Logger;
  workerId: string;
}

export type ProvisionOutcome = "active" | "failed" | "busy" | "skipped";

interface RunContext extends ProvisionDeps {
  planId: string;
  plan: CreatePlan;
  instances: Map<string, PlanInstance>;
  policyId: string | null;
}

const errorJson = (e: CloudError) => ({ code: e.code, message: e.message, requestId: e.requestId, kind: e.kind });

async function claimLease(deps: ProvisionDeps, planId: string): Promise<boolean> {
  const claimed = await deps.db.$executeRaw`
    UPDATE "plan" SET "leaseOwner" = ${deps.workerId}, "leaseUntil" = now() + ${`${LEASE_MS} milliseconds`}::interval,
      "status" = 'provisioning', "updatedAt" = now()
    WHERE "id" = ${planId} AND "status" IN ('pending', 'provisioning')
      AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${deps.workerId})`;
  return claimed === 1;
}

async function renewLease(ctx: RunContext): Promise<void> {
  await ctx.db.$executeRaw`
    UPDATE "plan" SET "leaseUntil" = now() + ${`${LEASE_MS} milliseconds`}::interval
    WHERE "id" = ${ctx.planId} AND "leaseOwner" = ${ctx.workerId}`;
}

async function releaseLease(deps: ProvisionDeps, planId: string, status: "active" | "failed" | "provisioning", lastError: object | null) {
  await deps.db.plan.updateMany({
    // A plan deleted meanwhile stays "deleting": only a provisioning plan takes the outcome.
    where: { id: planId, leaseOwner: deps.workerId, status: "provisioning" },
    data: { status, lastError: lastError ?? Prisma.DbNull, leaseOwner: null, leaseUntil: null },
  });
}

const instanceOf = (step: CloudStep) => step.target.split(":")[1]!;
const factsOf = (ctx: RunContext, instanceId: string): InstanceFacts => ({
  instanceId,
  snapshotGroupSupported: ctx.instances.get(instanceId)?.snapshotGroup ?? false,
});

export async function findPolicyByMarker(ctx: { cloud: CloudClients; plan: { regionId: string } }, marker: string): Promise<string | null> {
  const hbr = ctx.cloud.hbr(ctx.plan.regionId);
  let nextToken: string | undefined;
  do {
    const page = await hbr.describePoliciesV2({ maxResults: 100, nextToken });
    const hit = page.policies.find((p) => p.policyDescription === marker);
    if (hit) return hit.policyId;
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return null;
}

async function boundInstanceIds(ctx: RunContext, policyId: string, instanceIds: string[]): Promise<Set<string>> {
  return new Set((await listPolicyBindings(ctx.cloud, ctx.plan.regionId, policyId, instanceIds)).map((b) => b.dataSourceId));
}

/** Each executor returns the cloud id the step created or found. */
const executors: Record<StepAction, (ctx: RunContext, step: CloudStep) => Promise<string>> = {
  async CreatePolicyV2(ctx, step) {
    const schedule = ctx.plan.backupMode.mode === "auto" ? ctx.plan.backupMode.schedule : null;
    if (schedule?.kind !== "newPolicy") throw new Error("CreatePolicyV2 step on a plan without a new policy");
    const policyId =
      (await findPolicyByMarker(ctx, step.marker)) ??
      (
        await ctx.cloud.hbr(ctx.plan.regionId).createPolicyV2({
          policyName: schedule.policyName,
          policyDescription: step.marker,
          policyType: "UDM_ECS_ONLY",
          rules: policyRules(ctx.plan),
        })
      ).policyId;
    ctx.policyId = policyId;
    await ctx.db.plan.update({ where: { id: ctx.planId }, data: { policyId } });
    return policyId;
  },

  async CreatePolicyBindings(ctx, step) {
    const policyId = ctx.policyId;
    if (!policyId) throw new Error("CreatePolicyBindings before the plan has a policy");
    const ids = ctx.plan.backupObjects.instances.map((i) => i.instanceId);
    const bound = await boundInstanceIds(ctx, policyId, ids);
    const missing = ids.filter((id) => !bound.has(id));
    if (missing.length) {
      await ctx.cloud.hbr(ctx.plan.regionId).createPolicyBindings({
        policyId,
        policyBindingList: missing.map((id) => ({
          sourceType: "UDM_ECS",
          dataSourceId: id,
          policyBindingDescription: step.marker,
          advancedOptions: { udmDetail: udmDetail(ctx.plan, factsOf(ctx, id)) },
        })),
      });
    }
    return policyId;
  },

  async CreateBackupPlan(ctx, step) {
    const schedule = ctx.plan.backupMode.mode === "auto" ? ctx.plan.backupMode.schedule : null;
    if (schedule?.kind !== "plan") throw new Error("CreateBackupPlan step on a plan without a plan schedule");
    const instanceId = instanceOf(step);
    const hbr = ctx.cloud.hbr(ctx.plan.regionId);
    const found = await hbr.describeBackupPlans({ sourceType: "UDM_ECS", pageSize: 99, filters: [{ key: "planName", values: [step.marker] }] });
    const existing = found.backupPlans.backupPlan.find((p) => p.planName === step.marker);
    if (existing) return existing.planId;
    const created = await hbr.createBackupPlan({
      sourceType: "UDM_ECS",
      instanceId,
      udmRegionId: ctx.plan.regionId,
      planName: step.marker,
      backupType: "COMPLETE",
      schedule: hbrSchedule(schedule.startTime, schedule.interval),
      retention: retentionDays(schedule.retention),
      keepLatestSnapshots: 1,
      detail: ecsDetail(ctx.plan, factsOf(ctx, instanceId), "CreateBackupPlan"),
    });
    return created.planId;
  },

  async CreateBackupJob(ctx, step) {
    if (ctx.plan.backupMode.mode !== "manual") throw new Error("CreateBackupJob step on an auto plan");
    const instanceId = instanceOf(step);
    const hbr = ctx.cloud.hbr(ctx.plan.regionId);
    let jobId = await findJobByName(hbr, instanceId, step.marker);
    if (!jobId) {
      const created = await hbr.createBackupJob({
        sourceType: "UDM_ECS",
        instanceId,
        backupType: "COMPLETE",
        jobName: step.marker,
        retention: retentionDays(ctx.plan.backupMode.retention),
        detail: ecsDetail(ctx.plan, factsOf(ctx, instanceId), "CreateBackupJob"),
      });
      jobId = created.jobId;
    }
    await upsertCloudJob(ctx.db, ctx.planId, { jobId, instanceId, status: "CREATED", progress: 0, createdTime: Math.floor(Date.now() / 1000) });
    return jobId;
  },
};

async function runStep(ctx: RunContext, step: CloudStep): Promise<void> {
  if (step.status === "done") return;
  await renewLease(ctx);
  await ctx.db.cloudStep.update({ where: { id: step.id }, data: { status: "running", attempts: { increment: 1 }, startedAt: new Date() } });
  try {
    const cloudId = await executors[step.action as StepAction](ctx, step);
    await ctx.db.cloudStep.update({ where: { id: step.id }, data: { status: "done", cloudId, lastError: Prisma.DbNull, finishedAt: new Date() } });
  } catch (err) {
    const error = toCloudError("hbr", step.action, err);
    await ctx.db.cloudStep.update({ where: { id: step.id }, data: { status: "failed", lastError: errorJson(error) } });
    throw error;
  }
}

/** Runs `fn` over `items` with at most `limit` at once; the first failure is rethrown after all settle. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await fn(item).catch((e) => errors.push(e));
      }
    }),
  );
  if (errors.length) throw errors[0];
}

/**
 * The checklist's prediction for each instance of an application-consistent plan, taken before its first backup,
 * so the level that backup reaches can be compared with it. Best effort: a guest that cannot be read predicts
 * crash consistency, and a cloud error leaves the prediction for the next check.
 */
async function predictBeforeFirstBackup(deps: ProvisionDeps, regionId: string, instances: { instanceId: string; predictedLevel: string | null }[]) {
  for (const { instanceId } of instances.filter((i) => !i.predictedLevel)) {
    await checkPrerequisites(deps.cloud, regionId, instanceId)
      .then((p) => recordPrediction(deps.db, instanceId, p))
      .catch(() => undefined);
  }
}

export async function provisionPlan(deps: ProvisionDeps, planId: string): Promise<ProvisionOutcome> {
  const row = await deps.db.plan.findUnique({ where: { id: planId }, include: { instances: true, steps: { orderBy: { seq: "asc" } } } });
  if (!row || !["pending", "provisioning"].includes(row.status)) return "skipped";
  if (!(await claimLease(deps, planId))) return "busy";

  const ctx: RunContext = {
    ...deps,
    planId,
    plan: createPlanSchema.parse(row.config),
    instances: new Map(row.instances.map((i) => [i.instanceId, i])),
    policyId: row.policyId,
  };
  const log = deps.log.child({ planId });
  // Long cloud calls (retries, timeouts) must not let the lease lapse while this worker is alive.
  const renewer = setInterval(() => void renewLease(ctx).catch(() => {}), LEASE_RENEW_MS);
  try {
    if (row.appConsistent) await predictBeforeFirstBackup(deps, row.regionId, row.instances);
    // Policy steps depend on each other; per-instance steps are independent and run side by side.
    const sequential = row.steps.filter((s) => !s.target.includes(":"));
    const perInstance = row.steps.filter((s) => s.target.includes(":"));
    for (const step of sequential) await runStep(ctx, step);
    await eachLimited(perInstance, INSTANCE_STEP_CONCURRENCY, (step) => runStep(ctx, step));
  } catch (err) {
    const error = toCloudError("hbr", "Provisioning", err);
    const attempts = await deps.db.cloudStep.aggregate({ where: { planId, status: "failed" }, _max: { attempts: true } });
    if (error.retryable && (attempts._max.attempts ?? 0) < MAX_STEP_ATTEMPTS) {
      log.warn({ code: error.code, requestId: error.requestId }, "provisioning interrupted; will retry");
      await releaseLease(deps, planId, "provisioning", errorJson(error));
      throw new RetryLater(error);
    }
    log.warn({ code: error.code, requestId: error.requestId }, "provisioning failed");
    await releaseLease(deps, planId, "failed", errorJson(error));
    return "failed";
  } finally {
    clearInterval(renewer);
  }
  await releaseLease(deps, planId, "active", null);
  log.info("plan active");
  return "active";
}
