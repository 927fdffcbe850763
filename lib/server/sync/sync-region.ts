import "server-only";
import { isFinishedJobStatus } from "@/lib/schemas/backup-point";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrBackupJob } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { isConsoleNamedJob } from "@/lib/server/cloud/hbr/markers";
import { openJobSql, syncPlanJobs, upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";

// Scheduled backups run in HBR on their own; this pulls their jobs into the console, region by region. It reads
// jobs created since the region's cursor (oldest first), gives each to the plan that owns it (its policy, or its
// backup plan, and one of its instances), then follows unfinished jobs to their consistency level. Every write is
// an upsert on the cloud job id, so a second worker doing the same pass changes nothing twice.
//
// Bounded per run, so a backlog (a first sync, a worker that was down for a day) never makes one long burst of
// writes: at most `maxPages` pages of jobs (99 each), the cursor saved after each page; `more` says there is
// more to read, and the worker runs the region again shortly. A job already recorded finished, as HBR reports it
// now, is not written again.

/** Pages of DescribeBackupJobs2 (99 jobs each) one run reads at most. */
export const REGION_SYNC_MAX_PAGES = 10;

export interface RegionSyncResult {
  discovered: number;
  /** Jobs written (new, or changed since they were recorded). */
  written: number;
  plansFollowed: number;
  /** More jobs or plans are left for the next run. */
  more: boolean;
  /** The instances whose jobs this run wrote (their coverage may have changed), by plan. */
  touched: { planId: string; instanceId: string }[];
  /** When the region's previous run ended (null: never). */
  previousRunAt: Date | null;
}

export async function syncRegion(
  deps: { db: Db; cloud: CloudClients },
  regionId: string,
  limits: { maxPages?: number } = {},
): Promise<RegionSyncResult> {
  const maxPages = limits.maxPages ?? REGION_SYNC_MAX_PAGES;
  const plans = await deps.db.plan.findMany({
    where: { regionId, mode: "auto", status: { in: ["active", "provisioning"] } },
    select: { id: true, scheduleKind: true, policyId: true, createdAt: true, instances: { select: { instanceId: true } }, steps: { select: { cloudId: true } } },
  });
  if (!plans.length) return { discovered: 0, written: 0, plansFollowed: 0, more: false, touched: [], previousRunAt: null };

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

  const saved = await deps.db.syncCursor.findUnique({ where: { regionId } });
  const cursor = saved?.lastCreatedTime ?? 0;
  const hbr = deps.cloud.hbr(regionId);
  let newest = cursor;
  let discovered = 0;
  let written = 0;
  let more = false;
  const touched = new Map<string, { planId: string; instanceId: string }>();
  const saveCursor = () =>
    deps.db.syncCursor.upsert({ where: { regionId }, create: { regionId, lastCreatedTime: newest }, update: { lastCreatedTime: newest, lastRunAt: new Date() } });
  for (let page = 1; ; page++) {
    const res = await hbr.describeBackupJobs2({
      sourceType: "UDM_ECS",
      pageNumber: page,
      pageSize: 99,
      sortDirection: "ASCEND",
      // ≥, not >: jobs created in the cursor's own second are read again, harmlessly (upserts).
      filters: [{ key: "CreatedTime", operator: "GREATER_THAN_OR_EQUAL", values: [String(cursor)] }],
    });
    const owned = res.backupJobs.backupJob.flatMap((job) => {
      newest = Math.max(newest, job.createdTime);
      const owner = ownerOf(job);
      return owner ? [{ job, planId: owner.id }] : [];
    });
    discovered += owned.length;
    // What is recorded already: a finished job recorded with the same status and end is not written again.
    const known = new Map(
      (await deps.db.backupJob.findMany({ where: { cloudJobId: { in: owned.map((o) => o.job.jobId) } }, select: { cloudJobId: true, status: true, completedAt: true } })).map((j) => [j.cloudJobId, j]),
    );
    for (const { job, planId } of owned) {
      const was = known.get(job.jobId);
      const completedAt = job.completeTime ? job.completeTime * 1000 : null;
      if (was && isFinishedJobStatus(was.status) && was.status === job.status && (was.completedAt?.getTime() ?? null) === completedAt) continue;
      await upsertCloudJob(deps.db, planId, { ...job, instanceId: job.instanceId ?? "" });
      written++;
      if (job.instanceId) touched.set(`${planId}|${job.instanceId}`, { planId, instanceId: job.instanceId });
    }
    if (page * 99 >= res.totalCount) break;
    // The cap, unless no page moved the cursor yet (more jobs in one second than the cap: read on, or never get past it).
    if (page >= maxPages && newest > cursor) {
      more = true;
      break;
    }
  }
  await saveCursor();

  // Unfinished jobs, and finished ones whose snapshot consistency is not read yet.
  const open = await deps.db.$queryRaw<{ planId: string }[]>`
    SELECT DISTINCT j."planId" FROM backup_job j JOIN plan p ON p.id = j."planId" WHERE p."regionId" = ${regionId} AND ${openJobSql("j")}`;
  const instancesOf = new Map(plans.map((p) => [p.id, p.instances]));
  for (const { planId } of open) {
    await syncPlanJobs(deps, planId);
    for (const i of instancesOf.get(planId) ?? []) touched.set(`${planId}|${i.instanceId}`, { planId, instanceId: i.instanceId });
  }
  return { discovered, written, plansFollowed: open.length, more, touched: [...touched.values()], previousRunAt: saved?.lastRunAt ?? null };
}

/** Regions with plans whose scheduled backups need following. */
export async function regionsToSync(db: Db): Promise<string[]> {
  const rows = await db.plan.findMany({ where: { mode: "auto", status: { in: ["active", "provisioning"] } }, select: { regionId: true }, distinct: ["regionId"] });
  return rows.map((r) => r.regionId);
}
