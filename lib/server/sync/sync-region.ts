import "server-only";
import { FINISHED_JOB_STATUSES, SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrBackupJob } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { isConsoleNamedJob } from "@/lib/server/cloud/hbr/markers";
import { syncPlanJobs, upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";

// Scheduled backups run in HBR on their own; this pulls their jobs into the console, region by region. It reads
// jobs created since the region's cursor (oldest first), gives each to the plan that owns it (its policy, or its
// backup plan, and one of its instances), then follows unfinished jobs to their consistency level. Every write is
// an upsert on the cloud job id, so a second worker doing the same pass changes nothing twice.

export interface RegionSyncResult {
  discovered: number;
  plansFollowed: number;
}

export async function syncRegion(deps: { db: Db; cloud: CloudClients }, regionId: string): Promise<RegionSyncResult> {
  const plans = await deps.db.plan.findMany({
    where: { regionId, mode: "auto", status: { in: ["active", "provisioning"] } },
    select: { id: true, scheduleKind: true, policyId: true, createdAt: true, instances: { select: { instanceId: true } }, steps: { select: { cloudId: true } } },
  });
  if (!plans.length) return { discovered: 0, plansFollowed: 0 };

  const ownersByInstance = new Map<string, typeof plans>();
  for (const p of plans) for (const i of p.instances) ownersByInstance.set(i.instanceId, [...(ownersByInstance.get(i.instanceId) ?? []), p]);
  // A job whose PlanId names the plan's backup plan (documented) or policy (the emulator's habit) is the plan's.
  const namesPlan = (p: (typeof plans)[number], hbrPlanId: string | undefined) =>
    Boolean(hbrPlanId) && (p.scheduleKind === "plan" ? p.steps.some((s) => s.cloudId === hbrPlanId) : p.policyId === hbrPlanId);
  // HBR documents no PolicyId on a job, and PlanId as a backup plan's id: a policy's job is known by its
  // instance, bound to the plan's policy (one policy per instance), and a creation time within the plan's life.
  // Jobs the console names belong to the plan in their name (a Manual Backup plan's), not to a schedule.
  const boundBy = (p: (typeof plans)[number], job: HbrBackupJob) =>
    p.scheduleKind !== "plan" && Boolean(p.policyId) && !isConsoleNamedJob(job) && job.createdTime >= Math.floor(p.createdAt.getTime() / 1000);
  const ownerOf = (job: HbrBackupJob) => {
    const candidates = ownersByInstance.get(job.instanceId ?? "") ?? [];
    return candidates.find((p) => namesPlan(p, job.planId)) ?? candidates.find((p) => boundBy(p, job));
  };

  const cursor = (await deps.db.syncCursor.findUnique({ where: { regionId } }))?.lastCreatedTime ?? 0;
  const hbr = deps.cloud.hbr(regionId);
  let newest = cursor;
  let discovered = 0;
  for (let page = 1; ; page++) {
    const res = await hbr.describeBackupJobs2({
      sourceType: "UDM_ECS",
      pageNumber: page,
      pageSize: 99,
      sortDirection: "ASCEND",
      // ≥, not >: jobs created in the cursor's own second are read again, harmlessly (upserts).
      filters: [{ key: "CreatedTime", operator: "GREATER_THAN_OR_EQUAL", values: [String(cursor)] }],
    });
    for (const job of res.backupJobs.backupJob) {
      newest = Math.max(newest, job.createdTime);
      const owner = ownerOf(job);
      if (!owner) continue;
      await upsertCloudJob(deps.db, owner.id, { ...job, instanceId: job.instanceId ?? "" });
      discovered++;
    }
    if (page * 99 >= res.totalCount) break;
  }
  await deps.db.syncCursor.upsert({
    where: { regionId },
    create: { regionId, lastCreatedTime: newest },
    update: { lastCreatedTime: newest, lastRunAt: new Date() },
  });

  // Unfinished jobs, and finished ones whose snapshot consistency is not read yet.
  const open = await deps.db.backupJob.findMany({
    where: { plan: { regionId }, OR: [{ consistencyLevel: null, consistencyRaw: null, status: { in: [...SUCCEEDED_JOB_STATUSES] } }, { status: { notIn: [...FINISHED_JOB_STATUSES] } }] },
    select: { planId: true, status: true },
    distinct: ["planId"],
  });
  for (const { planId } of open) await syncPlanJobs(deps, planId);
  return { discovered, plansFollowed: open.length };
}

/** Regions with plans whose scheduled backups need following. */
export async function regionsToSync(db: Db): Promise<string[]> {
  const rows = await db.plan.findMany({ where: { mode: "auto", status: { in: ["active", "provisioning"] } }, select: { regionId: true }, distinct: ["regionId"] });
  return rows.map((r) => r.regionId);
}
