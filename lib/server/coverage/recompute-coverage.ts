import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/server/db/client";

// Coverage state of inventory instances (lib/schemas/coverage.ts documents states and reason codes), in ONE SQL
// statement per region: each instance's console plan (the best of those it is in: active and running, then
// paused, then failed), that plan's newest finished and newest successful backup job of the instance and its
// newest finished restore drill, and the protection the inventory sync found in the cloud. A row is written only
// when something differs, and stateSince moves only when the state does. Called after each inventory pass and by
// the worker after provisioning, plan actions, deletion, job syncs and drills (then limited to the plan's instances).

/**
 * Recomputes the coverage of a region's inventory instances (only `instanceIds` when given); returns the rows written.
 */
export async function recomputeCoverage(db: Db, regionId: string, instanceIds?: readonly string[]): Promise<number> {
  if (instanceIds && instanceIds.length === 0) return 0;
  const only = instanceIds ? Prisma.sql`AND ii."instanceId" = ANY(${[...instanceIds]}::text[])` : Prisma.empty;
  return db.$executeRaw`
    WITH cand AS (
      SELECT ii."instanceId", ii."boundPolicyId", ii."boundPolicyName", ii."bindingDisabled", ii."hbrPlanId", ii."hbrPlanName", ii."hbrPlanDisabled",
        cp."id" AS "planId", cp."name" AS "planName", cp."status" AS "planStatus", cp."paused", cp."policyId" AS "planPolicyId", cp."rpoDueAt", cp."rpoIntervalS", cp."rpoStartAt",
        lf."status" AS "lastStatus", lf."cloudJobId" AS "lastJobId", lf."completedAt" AS "lastFinishedAt",
        ls."completedAt" AS "lastBackupAt", ls."consistencyLevel", ls."predictedLevel",
        ld."status" AS "drillStatus", ld."finishedAt" AS "drillAt"
      FROM "inventory_instance" ii
      LEFT JOIN LATERAL (
        SELECT p."id", p."name", p."status", p."paused", p."policyId", p."rpoDueAt", p."rpoIntervalS", p."rpoStartAt"
        FROM "plan_instance" pi JOIN "plan" p ON p."id" = pi."planId"
        WHERE pi."instanceId" = ii."instanceId" AND p."regionId" = ii."regionId" AND p."status" IN ('active', 'provisioning', 'failed')
        ORDER BY CASE WHEN p."status" = 'failed' THEN 2 WHEN p."paused" THEN 1 ELSE 0 END, p."createdAt" DESC
        LIMIT 1
      ) cp ON true
      LEFT JOIN LATERAL (
        SELECT j."status", j."cloudJobId", j."completedAt" FROM "backup_job" j
        WHERE j."planId" = cp."id" AND j."instanceId" = ii."instanceId" AND j."status" IN ('COMPLETE', 'PARTIAL_COMPLETE', 'FAILED')
        ORDER BY j."cloudCreatedAt" DESC LIMIT 1
      ) lf ON true
      LEFT JOIN LATERAL (
        SELECT j."completedAt", j."consistencyLevel", j."predictedLevel" FROM "backup_job" j
        WHERE j."planId" = cp."id" AND j."instanceId" = ii."instanceId" AND j."status" IN ('COMPLETE', 'PARTIAL_COMPLETE')
        ORDER BY j."completedAt" DESC NULLS LAST, j."cloudCreatedAt" DESC LIMIT 1
      ) ls ON true
      LEFT JOIN LATERAL (
        SELECT d."status", COALESCE(d."finishedAt", d."updatedAt") AS "finishedAt" FROM "drill_run" d
        WHERE d."planId" = cp."id" AND d."instanceId" = ii."instanceId" AND d."status" IN ('passed', 'failed')
        ORDER BY d."createdAt" DESC LIMIT 1
      ) ld ON true
      WHERE ii."regionId" = ${regionId} ${only}
    ),
    coded AS (
      SELECT c.*,
        CASE
          WHEN c."planId" IS NOT NULL THEN CASE
            WHEN c."planStatus" = 'failed' THEN 'planFailed'
            WHEN c."paused" THEN 'planPaused'
            -- The plan's own binding disabled in the cloud (in Alibaba's console): no backup runs, whatever the plan says.
            WHEN c."bindingDisabled" AND c."boundPolicyId" = c."planPolicyId" THEN 'bindingDisabled'
            WHEN c."rpoDueAt" < now() AT TIME ZONE 'UTC' THEN 'rpoBreached'
            WHEN c."lastStatus" = 'FAILED' THEN 'lastJobFailed'
            WHEN (CASE c."consistencyLevel" WHEN 'APPLICATION' THEN 3 WHEN 'FILE_SYSTEM' THEN 2 WHEN 'CRASH' THEN 1 END)
               < (CASE c."predictedLevel" WHEN 'APPLICATION' THEN 3 WHEN 'FILE_SYSTEM' THEN 2 WHEN 'CRASH' THEN 1 END) THEN 'belowPredicted'
            WHEN c."drillStatus" = 'failed' THEN 'drillFailed'
            ELSE 'plan' END
          WHEN c."boundPolicyId" IS NOT NULL AND NOT c."bindingDisabled" THEN 'outsidePolicy'
          WHEN c."hbrPlanId" IS NOT NULL AND NOT c."hbrPlanDisabled" THEN 'outsidePlan'
          WHEN c."boundPolicyId" IS NOT NULL OR c."hbrPlanId" IS NOT NULL THEN 'bindingDisabled'
          ELSE 'noProtection'
        END AS "code"
      FROM cand c
    ),
    n AS (
      SELECT k."instanceId", k."code",
        CASE
          WHEN k."code" IN ('plan', 'outsidePolicy', 'outsidePlan') THEN 'protected'
          WHEN k."code" IN ('planPaused', 'bindingDisabled') THEN 'paused'
          WHEN k."code" = 'noProtection' THEN 'unprotected'
          ELSE 'atRisk'
        END AS "state",
        CASE k."code"
          WHEN 'plan' THEN format('In plan “%s”; %s', k."planName",
            CASE WHEN k."lastBackupAt" IS NULL THEN 'no backup yet' ELSE 'last backup ' || to_char(k."lastBackupAt", 'YYYY-MM-DD HH24:MI') || ' UTC' END)
          WHEN 'planFailed' THEN format('Plan “%s” failed to provision, so no backup runs; retry it from the plan page', k."planName")
          WHEN 'planPaused' THEN format('Plan “%s” is paused: no scheduled backup runs until it is resumed', k."planName")
          WHEN 'rpoBreached' THEN format('%s; plan “%s” expects one every %s',
            CASE WHEN k."lastBackupAt" IS NULL THEN 'No backup yet' ELSE 'No backup since ' || to_char(k."lastBackupAt", 'YYYY-MM-DD HH24:MI') || ' UTC' END,
            k."planName",
            CASE WHEN k."rpoIntervalS" % 86400 = 0 THEN (k."rpoIntervalS" / 86400) || ' d'
                 WHEN k."rpoIntervalS" % 3600 = 0 THEN (k."rpoIntervalS" / 3600) || ' h'
                 ELSE (k."rpoIntervalS" / 60) || ' min' END)
          WHEN 'lastJobFailed' THEN format('The last backup job (%s) of plan “%s” failed%s', k."lastJobId", k."planName",
            CASE WHEN k."lastFinishedAt" IS NULL THEN '' ELSE ' at ' || to_char(k."lastFinishedAt", 'YYYY-MM-DD HH24:MI') || ' UTC' END)
          WHEN 'belowPredicted' THEN format('The last backup is %s consistent; %s consistent was predicted',
            CASE k."consistencyLevel" WHEN 'FILE_SYSTEM' THEN 'file-system' ELSE lower(k."consistencyLevel") END,
            CASE k."predictedLevel" WHEN 'FILE_SYSTEM' THEN 'file-system' ELSE lower(k."predictedLevel") END)
          WHEN 'drillFailed' THEN format('The last restore drill of this instance failed (%s UTC)', to_char(k."drillAt", 'YYYY-MM-DD HH24:MI'))
          WHEN 'outsidePolicy' THEN format('Bound to HBR policy “%s”, made outside the console', COALESCE(k."boundPolicyName", k."boundPolicyId"))
          WHEN 'outsidePlan' THEN format('In HBR backup plan “%s”, made outside the console', COALESCE(k."hbrPlanName", k."hbrPlanId"))
          WHEN 'bindingDisabled' THEN CASE WHEN k."boundPolicyId" IS NOT NULL
            THEN format('The binding to HBR policy “%s” is disabled in the cloud: no backup runs', COALESCE(k."boundPolicyName", k."boundPolicyId"))
            ELSE format('HBR backup plan “%s” is disabled in the cloud: no backup runs', COALESCE(k."hbrPlanName", k."hbrPlanId")) END
          ELSE 'No plan, policy binding or HBR backup plan protects this instance'
        END AS "reason",
        k."planId", k."planName", (k."planId" IS NULL AND k."code" <> 'noProtection') AS "outside", k."lastBackupAt"
      FROM coded k
    )
    UPDATE "inventory_instance" ii SET
      "state" = n."state", "reasonCode" = n."code", "reason" = n."reason", "planId" = n."planId", "planName" = n."planName",
      "outside" = n."outside", "lastBackupAt" = n."lastBackupAt",
      "stateSince" = CASE WHEN ii."state" IS DISTINCT FROM n."state" THEN now() AT TIME ZONE 'UTC' ELSE ii."stateSince" END,
      "updatedAt" = now() AT TIME ZONE 'UTC'
    FROM n
    WHERE ii."instanceId" = n."instanceId"
      AND (ii."state", ii."reasonCode", ii."reason", ii."planId", ii."planName", ii."outside", ii."lastBackupAt")
        IS DISTINCT FROM (n."state", n."code", n."reason", n."planId", n."planName", n."outside", n."lastBackupAt")`;
}

/** Recomputes the coverage of a plan's instances (after provisioning, an action, a job sync, a drill). */
export async function recomputePlanCoverage(db: Db, planId: string): Promise<number> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { regionId: true, instances: { select: { instanceId: true } } } });
  if (!plan) return 0;
  return recomputeCoverage(db, plan.regionId, plan.instances.map((i) => i.instanceId));
}

/**
 * Coverage after a region sync of backup jobs: only the instances whose state can have changed, those whose jobs the
 * sync wrote (`touched`) and those of plans whose RPO came due since `since` (the region's previous sync), never
 * every instance of the region (the inventory pass recomputes them all on its own timer). Returns the instances.
 */
export async function recomputeAfterJobSync(db: Db, regionId: string, touched: readonly { instanceId: string }[], since: Date, now = new Date()): Promise<string[]> {
  const due = await db.planInstance.findMany({ where: { plan: { regionId, rpoDueAt: { gt: since, lte: now } } }, select: { instanceId: true } });
  const instanceIds = [...new Set([...touched.map((t) => t.instanceId), ...due.map((i) => i.instanceId)])];
  await recomputeCoverage(db, regionId, instanceIds);
  return instanceIds;
}
