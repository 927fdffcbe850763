import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { Prisma } from "@/generated/prisma/client";
import type { Instance, Prerequisites } from "@/lib/schemas/instances";
import {
  consistencyAckMissingMessage,
  consistencyAckRequired,
  MAX_INSTANCES_PER_PLAN,
  retentionDays,
  tooManyInstancesMessage,
  type CreatePlan,
  type PlanDetail,
} from "@/lib/schemas/plan";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import type { Db } from "@/lib/server/db/client";
import type { KnownRegion, RegionName } from "@/lib/server/regions/list-regions";
import { ApiError, type FieldErrors } from "@/lib/server/http/api-error";
import { sendInTransaction } from "@/lib/server/jobs/boss";
import { rpoDueAt, rpoScheduleOf } from "@/lib/schemas/rpo";
import { planDetailInclude, toPlanDetail } from "@/lib/server/plans/plan-dto";
import { planRetentionDays, planSteps } from "@/lib/server/plans/plan-steps";

/** The live facts a plan is checked against, read from the cloud (lib/server/instances, lib/server/regions). */
export interface PlanInventory {
  /** The account's regions, without probing HBR in each. */
  listRegions(): Promise<RegionName[]>;
  /** What HBR offers in one of them, probed now; a 503 ApiError when its policy support cannot be told. */
  describeRegion(region: RegionName): Promise<KnownRegion>;
  getInstancesByIds(regionId: string, instanceIds: string[]): Promise<Instance[]>;
  /** null when the policy does not exist in the region. */
  getPolicy(regionId: string, policyId: string): Promise<{ policyId: string; bindingCount: number } | null>;
  /** The live checklist's prediction for an instance backed up with Application Consistent Backup on. */
  predictConsistency(regionId: string, instanceId: string): Promise<Prerequisites["predicted"]>;
}

export interface CreatePlanDeps {
  db: Db;
  boss: PgBoss;
  inventory: PlanInventory;
}

// Under a burst of creates the pool is the queue: wait for a connection rather than fail the request.
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

const newPlanId = () => `plan_${randomBytes(8).toString("hex")}`;
const hashOf = (plan: CreatePlan) => createHash("sha256").update(JSON.stringify(plan)).digest("hex");

/** Every rule that needs live data, as field errors keyed like the form's fields. */
async function checkLiveFacts(inventory: PlanInventory, db: Db, plan: CreatePlan): Promise<Map<string, Instance>> {
  const errors: FieldErrors = {};
  const add = (path: string, message: string) => (errors[path] ??= []).push(message);

  const regions = await inventory.listRegions();
  const named = regions.find((r) => r.regionId === plan.regionId);
  if (!named) throw new ApiError("VALIDATION_FAILED", "Unknown region.", { fieldErrors: { regionId: [`Region ${plan.regionId} does not exist`] } });
  // Only the plan's own region is probed: another region's trouble with HBR must not block this plan.
  const region = await inventory.describeRegion(named);

  const schedule = plan.backupMode.mode === "auto" ? plan.backupMode.schedule : null;
  const usesPolicy = schedule?.kind === "newPolicy" || schedule?.kind === "existingPolicy";
  if (usesPolicy && !region.policySupported) {
    add("backupMode.schedule.kind", `${region.localName} does not support backup policies: set Start Time, Backup Interval and Retention Period instead`);
  }
  if (schedule?.kind === "plan" && region.policySupported) {
    add("backupMode.schedule.kind", `${region.localName} supports backup policies: choose an existing policy or define a new one`);
  }
  if (plan.appConsistency.enabled && !region.appConsistentSupported) {
    add("appConsistency.enabled", `Application Consistent Backup is available only in Singapore and China (Hong Kong), not in ${region.localName}`);
  }
  if (plan.replication.enabled && plan.replication.destinationRegionId && !regions.some((r) => r.regionId === plan.replication.destinationRegionId)) {
    add("replication.destinationRegionId", `Region ${plan.replication.destinationRegionId} does not exist`);
  }

  const wanted = plan.backupObjects.instances;
  const found = new Map((await inventory.getInstancesByIds(plan.regionId, wanted.map((i) => i.instanceId))).map((i) => [i.instanceId, i]));
  const existingPolicyId = schedule?.kind === "existingPolicy" ? schedule.policyId : null;
  wanted.forEach((w, n) => {
    const live = found.get(w.instanceId);
    if (!live) return add(`backupObjects.instances.${n}.instanceId`, `Instance ${w.instanceId} does not exist in ${region.localName}`);
    if (!w.protectAllDisks) {
      const own = new Set(live.disks.map((d) => d.diskId));
      const foreign = w.diskIds.filter((d) => !own.has(d));
      if (foreign.length) add(`backupObjects.instances.${n}.diskIds`, `Not disks of ${live.instanceName}: ${foreign.join(", ")}`);
    }
    if (usesPolicy && live.boundPolicyId && live.boundPolicyId !== existingPolicyId) {
      add(`backupObjects.instances.${n}.instanceId`, `${live.instanceName} is already bound to backup policy ${live.boundPolicyId}; an instance can be bound to one policy only`);
    }
  });

  if (existingPolicyId) {
    const policy = await inventory.getPolicy(plan.regionId, existingPolicyId);
    if (!policy) add("backupMode.schedule.policyId", `Backup policy ${existingPolicyId} does not exist in ${region.localName}`);
    else {
      const adding = wanted.filter((w) => found.get(w.instanceId)?.boundPolicyId !== existingPolicyId).length;
      if (policy.bindingCount + adding > MAX_INSTANCES_PER_PLAN) {
        add("backupObjects.instances", `${tooManyInstancesMessage}; policy ${existingPolicyId} already has ${policy.bindingCount}`);
      }
    }
  }

  // Application Consistent Backup below APPLICATION is allowed, but only knowingly: the live prediction (the same
  // checklist the wizard shows) decides whether the plan must carry the acknowledgement.
  const appInstance = plan.appConsistency.enabled && region.appConsistentSupported && wanted.length === 1 ? found.get(wanted[0]!.instanceId) : undefined;
  if (appInstance && !plan.acknowledgedConsistency) {
    const predicted = await inventory.predictConsistency(plan.regionId, appInstance.instanceId);
    if (consistencyAckRequired(true, predicted.level)) {
      add("acknowledgedConsistency", consistencyAckMissingMessage(appInstance.instanceName, predicted.level, predicted.reason));
    }
  }

  // Plans saved in the console but not yet bound in HBR count too: two plans must not claim one instance.
  if (usesPolicy) {
    const claimed = await db.planInstance.findMany({
      where: { instanceId: { in: wanted.map((w) => w.instanceId) }, plan: { regionId: plan.regionId, status: { in: ["pending", "provisioning"] }, scheduleKind: { in: ["newPolicy", "existingPolicy"] } } },
      select: { instanceId: true, planId: true },
    });
    for (const c of claimed) {
      const n = wanted.findIndex((w) => w.instanceId === c.instanceId);
      add(`backupObjects.instances.${n}.instanceId`, `${c.instanceId} is being bound to a policy by plan ${c.planId}`);
    }
  }

  if (Object.keys(errors).length) {
    throw new ApiError("VALIDATION_FAILED", "The plan does not fit the region's current state.", { fieldErrors: errors });
  }
  return found;
}

/**
 * Saves a protection plan, its instances and its provisioning steps, and queues its provisioning, in one
 * transaction, before any cloud resource is created. The same Idempotency-Key with the same body returns the
 * plan made the first time.
 */
export async function createPlan(
  deps: CreatePlanDeps,
  plan: CreatePlan,
  actor: { id: string; requestId?: string },
  idempotencyKey?: string,
): Promise<{ plan: PlanDetail; created: boolean }> {
  const requestHash = hashOf(plan);
  const replay = async () => {
    if (!idempotencyKey) return null;
    const existing = await deps.db.plan.findUnique({ where: { idempotencyKey }, include: planDetailInclude });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw new ApiError("CONFLICT", "This Idempotency-Key was already used for a different plan. Send a new key for a new plan.");
    }
    return { plan: toPlanDetail(existing), created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const nameTaken = () =>
    new ApiError("CONFLICT", `A plan named "${plan.name}" already exists in this region.`, {
      fieldErrors: { name: ["A plan with this name already exists in this region"] },
    });
  if (await deps.db.plan.findUnique({ where: { regionId_name: { regionId: plan.regionId, name: plan.name } }, select: { id: true } })) throw nameTaken();

  let facts: Map<string, Instance>;
  try {
    facts = await checkLiveFacts(deps.inventory, deps.db, plan);
  } catch (err) {
    if (isCloudError(err)) {
      throw new ApiError("UNAVAILABLE", `The plan could not be checked against Alibaba Cloud: ${err.message}. Nothing was saved; try OK again.`, { cause: err });
    }
    throw err;
  }

  const planId = newPlanId();
  const schedule = plan.backupMode.mode === "auto" ? plan.backupMode.schedule : null;
  const replication = plan.replication.enabled ? plan.replication : null;
  try {
    const row = await deps.db.$transaction(async (tx) => {
      await tx.plan.create({
        data: {
          id: planId,
          name: plan.name,
          regionId: plan.regionId,
          mode: plan.backupMode.mode,
          scheduleKind: schedule?.kind ?? "manual",
          status: "pending",
          config: plan as unknown as Prisma.InputJsonValue,
          retentionDays: planRetentionDays(plan),
          ...rpoColumns(plan, new Date()),
          appConsistent: plan.appConsistency.enabled,
          replicationRegionId: replication?.destinationRegionId ?? null,
          replicationRetentionDays: replication?.retention ? retentionDays(replication.retention) : null,
          policyId: schedule?.kind === "existingPolicy" ? schedule.policyId : null,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
          createdById: actor.id,
          instances: {
            create: plan.backupObjects.instances.map((i) => {
              const live = facts.get(i.instanceId)!;
              return {
                id: `pin_${randomUUID()}`,
                instanceId: i.instanceId,
                instanceName: live.instanceName,
                osType: live.osType,
                osName: live.osName,
                protectAllDisks: i.protectAllDisks,
                diskIds: i.protectAllDisks ? [] : i.diskIds,
                snapshotGroup: live.snapshotGroupSupported,
              };
            }),
          },
          steps: { create: planSteps(planId, plan).map((s) => ({ id: `stp_${randomUUID()}`, ...s })) },
        },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "plan.create",
        targetType: "plan",
        targetId: planId,
        after: plan as unknown as Prisma.InputJsonValue,
        requestId: actor.requestId,
      });
      await sendInTransaction(deps.boss, tx, "planProvision", { planId }, { singletonKey: planId });
      return tx.plan.findUniqueOrThrow({ where: { id: planId }, include: planDetailInclude });
    }, TX_OPTIONS);
    return { plan: toPlanDetail(row), created: true };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      // A concurrent request with the same key or the same name won the race.
      const raced = await replay();
      if (raced) return raced;
      throw nameTaken();
    }
    throw err;
  }
}

/**
 * The plan's RPO cadence as columns, so breaches are found in SQL. rpoStartAt is the first run at or after now,
 * so a Start Time in the past does not make a new plan breach at once; each success moves rpoDueAt on
 * (sync-plan-jobs.ts) and never before that first run.
 */
function rpoColumns(plan: CreatePlan, now: Date): { rpoIntervalS: number | null; rpoStartAt: Date | null; rpoDueAt: Date | null } {
  const schedule = rpoScheduleOf(plan, now);
  if (!schedule) return { rpoIntervalS: null, rpoStartAt: null, rpoDueAt: null };
  return { rpoIntervalS: schedule.intervalMs / 1000, rpoStartAt: new Date(schedule.startMs), rpoDueAt: rpoDueAt(schedule, null) };
}
