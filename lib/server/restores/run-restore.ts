import "server-only";
import { Prisma, type Restore as RestoreRow } from "@/generated/prisma/client";
import { isFinishedJobStatus, isSucceededJobStatus } from "@/lib/schemas/backup-point";
import { createPlanSchema, retentionDays } from "@/lib/schemas/plan";
import { z } from "zod";
import { disksRestoreSchema, newInstanceRestoreSchema, restoreCanceledMessage, rollbackRestoreSchema, type RestoreStepName } from "@/lib/schemas/restore";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { CloudError, isCloudError, toCloudError } from "@/lib/server/cloud/cloud-error";
import type { HbrClient } from "@/lib/server/cloud/hbr/hbr-client";
import type { HbrRestoreJob, HbrRestoreType, HbrRestoreUdmDetail } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { isDatabaseUnavailable, isUniqueViolation } from "@/lib/server/http/error-mapping";
import { RetryLater } from "@/lib/server/jobs/retry-later";
import { ecsDetail } from "@/lib/server/plans/plan-steps";
import { findJobByName, upsertCloudJob } from "@/lib/server/plans/sync-plan-jobs";
import { describeEcsInstance, findEcsInstancesByName } from "@/lib/server/restores/ecs-instance";
import { stepsJson, stepsOf, type RestoreStep } from "@/lib/server/restores/restore-dto";

// Worker side of a restore. Steps run in restoreStepNames order, each recorded as it starts and ends, and each
// looks before it acts, so a run that resumes after a dead worker (or an admin's Retry after a failure) repeats
// nothing:
//   backUpFirst       a CreateBackupJob named restoreMarker(id), found by that name before it is created
//   stopInstance      StopInstance only when ECS says Running; then wait for Stopped
//   createRestoreJob  the recorded RestoreId, else a look-up of HBR's restore jobs (findOwnRestoreJob), else create
//   waitRestoreJob    DescribeRestoreJobs2 by RestoreId until it finishes (progress 0–10000 → 0–100)
//   verifyResult      ECS DescribeInstances: the restored or rolled-back instance is there (and Running when asked)
// Throttling, 5xx and network trouble end the run with RetryLater (the queue runs it again); any other cloud error
// fails the restore with the cloud's code, message and RequestId.

/** The marker of what the console creates for a restore (the Back up first job's name). ≤ 64 characters. */
export const restoreMarker = (restoreId: string) => `hbr-console-rst-${restoreId}`.slice(0, 64);

/** How far before the restore's creation HBR's CreatedTime may lie and still be this restore's job (clock skew). */
export const RESTORE_LOOKUP_SLACK_S = 120;
/** A run waits for HBR and ECS this long at most; then it ends and the sweep queues the next run. */
export const RESTORE_WAIT_PER_RUN_MS = 8 * 60_000;
/** A recorded HBR restore job HBR does not list for this long (within one run) fails the restore. */
export const RESTORE_JOB_MISSING_MS = 5 * 60_000;
/** Retryable errors for this long with no successful cloud read in between end the restore as Failed instead. */
export const RESTORE_GIVE_UP_AFTER_MS = 30 * 60_000;

/** The request as saved (request-restore.ts keeps a rollback's typed confirmation out of it). */
const savedRequestSchema = z.discriminatedUnion("kind", [newInstanceRestoreSchema, rollbackRestoreSchema.omit({ confirmInstanceName: true }), disksRestoreSchema]);
type SavedRequest = z.infer<typeof savedRequestSchema>;

export type RestoreOutcome = "succeeded" | "failed" | "canceled" | "waiting" | "skipped";

export interface RunRestoreDeps {
  db: Db;
  cloud: CloudClients;
  /** Between two reads of a job or an instance that is still changing. */
  pollMs?: number;
  waitPerRunMs?: number;
  /** How long a recorded HBR restore job may be missing from HBR's list before the restore fails. */
  jobMissingMs?: number;
}

class StepFailed extends Error {
  constructor(readonly error: { code: string; message: string; requestId: string | null }) {
    super(error.message);
  }
}
class Waiting extends Error {}
class Canceled extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ctx {
  deps: Required<RunRestoreDeps>;
  row: RestoreRow;
  input: SavedRequest;
  steps: RestoreStep[];
  deadline: number;
  cancelAsked: boolean;
}

async function saveStep(ctx: Ctx, name: RestoreStepName, patch: Partial<RestoreStep>, extra: Prisma.RestoreUpdateInput = {}): Promise<void> {
  ctx.steps = ctx.steps.map((s) => (s.name === name ? { ...s, ...patch } : s));
  ctx.row = await ctx.deps.db.restore.update({ where: { id: ctx.row.id }, data: { steps: stepsJson(ctx.steps), ...extra } });
}

/** Re-reads the restore's status: an admin's Cancel stops a run between (and during) waits. */
async function isCancelRequested(ctx: Ctx): Promise<boolean> {
  const fresh = await ctx.deps.db.restore.findUnique({ where: { id: ctx.row.id }, select: { status: true } });
  return fresh?.status === "canceling";
}

/** Polls `read` until it returns a value; a run that has waited its share ends as Waiting (the sweep resumes it). */
async function until<T>(ctx: Ctx, read: () => Promise<T | null>): Promise<T> {
  for (;;) {
    const value = await read();
    // A read that worked ends a run of retryable errors (their clock restarts from the next one).
    if (ctx.row.lastError !== null) ctx.row = await ctx.deps.db.restore.update({ where: { id: ctx.row.id }, data: { lastError: Prisma.DbNull } });
    if (value !== null) return value;
    if (Date.now() > ctx.deadline) throw new Waiting();
    await sleep(ctx.deps.pollMs);
  }
}

const hbrOf = (ctx: Ctx, regionId: string): HbrClient => ctx.deps.cloud.hbr(regionId);

// ——— backUpFirst ———

async function backUpFirst(ctx: Ctx): Promise<string> {
  const { row, deps } = ctx;
  const hbr = hbrOf(ctx, row.sourceRegionId);
  const name = restoreMarker(row.id);
  let jobId = row.backUpFirstJobId;
  if (!jobId) {
    const plan = await deps.db.plan.findUnique({ where: { id: row.planId }, include: { instances: { where: { instanceId: row.sourceInstanceId } } } });
    if (!plan) throw new StepFailed({ code: "PlanDeleted", message: "The backup point's plan was deleted, so Back up first cannot use its settings.", requestId: null });
    const config = createPlanSchema.parse(plan.config);
    const retention = config.backupMode.mode === "manual" ? retentionDays(config.backupMode.retention) : (plan.retentionDays ?? 7);
    jobId =
      (await findJobByName(hbr, row.sourceInstanceId, name)) ??
      (
        await hbr.createBackupJob({
          sourceType: "UDM_ECS",
          instanceId: row.sourceInstanceId,
          backupType: "COMPLETE",
          jobName: name,
          retention,
          detail: ecsDetail(config, { instanceId: row.sourceInstanceId, snapshotGroupSupported: plan.instances[0]?.snapshotGroup ?? false }, "CreateBackupJob"),
        })
      ).jobId;
    // Recorded at once, then on the plan, whose job sync follows it to its backup point like any other.
    await saveStep(ctx, "backUpFirst", { detail: `Backup job ${jobId}` }, { backUpFirstJobId: jobId });
    await upsertCloudJob(deps.db, row.planId, { jobId, instanceId: row.sourceInstanceId, status: "CREATED", progress: 0, createdTime: Math.floor(Date.now() / 1000), triggerMode: "MANUAL" });
  }
  const id = jobId;
  const job = await until(ctx, async () => {
    const res = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 10, filters: [{ key: "JobId", values: [id] }] });
    const j = res.backupJobs.backupJob.find((b) => b.jobId === id);
    return j && isFinishedJobStatus(j.status) ? j : null;
  });
  if (!isSucceededJobStatus(job.status)) {
    throw new StepFailed({ code: `BackupJob.${job.status}`, message: `Back up first: backup job ${id} ended ${job.status}${job.errorMessage ? ` (${job.errorMessage})` : ""}; nothing was rolled back.`, requestId: null });
  }
  return `Backup job ${id} complete`;
}

// ——— stopInstance ———

async function waitForStatus(ctx: Ctx, regionId: string, instanceId: string, want: string): Promise<void> {
  await until(ctx, async () => {
    const i = await describeEcsInstance(ctx.deps.cloud, regionId, instanceId);
    if (!i) throw new StepFailed({ code: "InvalidInstanceId.NotFound", message: `${instanceId} no longer exists in ${regionId}.`, requestId: null });
    return i.status === want ? true : null;
  });
}

const stoppedDetail = (instanceId: string) => `${instanceId} stopped`;
/** Whether this restore's Stop the instance step stopped a running instance (not one that was already stopped). */
const didStopIt = (ctx: Ctx) => ctx.steps.some((s) => s.name === "stopInstance" && s.status === "done" && s.detail === stoppedDetail(ctx.row.targetInstanceId ?? ctx.row.sourceInstanceId));

async function stopInstance(ctx: Ctx): Promise<string> {
  const { row } = ctx;
  const instanceId = row.targetInstanceId ?? row.sourceInstanceId;
  const regionId = row.restoreRegionId;
  const i = await describeEcsInstance(ctx.deps.cloud, regionId, instanceId);
  if (!i) throw new StepFailed({ code: "InvalidInstanceId.NotFound", message: `${instanceId} no longer exists in ${regionId}.`, requestId: null });
  if (i.status === "Stopped") return `${instanceId} was already stopped`;
  if (i.status === "Starting") await waitForStatus(ctx, regionId, instanceId, "Running");
  if (i.status !== "Stopping") {
    try {
      await ctx.deps.cloud.ecs(regionId).stopInstance(new $Ecs.StopInstanceRequest({ instanceId }));
    } catch (err) {
      // Stopped (or stopping) meanwhile: the wait below settles it.
      if (!(isCloudError(err) && err.code === "IncorrectInstanceStatus")) throw err;
    }
  }
  await waitForStatus(ctx, regionId, instanceId, "Stopped");
  return stoppedDetail(instanceId);
}

// ——— createRestoreJob ———

/** The snapshot to restore from in the restore region: the backup point itself, or its replica's copy. */
async function snapshotIdFor(ctx: Ctx): Promise<string> {
  const { row, deps } = ctx;
  if (row.restoreRegionId === row.sourceRegionId) return row.hbrSnapshotId;
  const job = await deps.db.backupJob.findUnique({ where: { id: row.backupJobId }, select: { cloudJobId: true } });
  if (!job) throw new StepFailed({ code: "BackupPointDeleted", message: "The backup point's job is no longer known to the console (its plan was deleted).", requestId: null });
  const res = await hbrOf(ctx, row.sourceRegionId).describeBackupJobs2({ sourceType: "UDM_ECS", pageSize: 10, filters: [{ key: "JobId", values: [job.cloudJobId] }] });
  const replica = res.backupJobs.backupJob.find((j) => j.jobId === job.cloudJobId)?.detail?.destinationSnapshotId;
  if (!replica) throw new StepFailed({ code: "ReplicaNotFound", message: `HBR reports no replica in ${row.restoreRegionId} for this backup point.`, requestId: null });
  return replica;
}

function udmDetailOf(ctx: Ctx): HbrRestoreUdmDetail {
  const { input, row } = ctx;
  if (input.kind === "newInstance") {
    return {
      instanceType: input.instanceType,
      restoredNetwork: input.vSwitchId,
      securityGroup: input.securityGroupId,
      restoredName: input.instanceName,
      restoredHostName: input.hostName,
      allocatePublicIp: input.allocatePublicIp,
      ...(input.privateIpAddress ? { privateIpAddress: input.privateIpAddress } : {}),
      diskCategory: input.diskCategory,
      ...(input.diskCategory === "cloud_essd" ? { diskPerformanceLevel: input.diskPerformanceLevel } : {}),
      bootAfterRestore: input.bootAfterRestore,
    };
  }
  if (input.kind === "rollback") return { sourceInstanceId: row.sourceInstanceId, forceRestore: false, bootAfterRestore: input.bootAfterRestore };
  // Disks rolled back in place: the instance runs again afterwards only when this restore stopped it.
  if (row.restoreType === "UDM_ECS_DISK_ROLLBACK") return { sourceInstanceId: row.sourceInstanceId, forceRestore: false, bootAfterRestore: didStopIt(ctx) };
  return {
    targetInstanceId: input.targetInstanceId,
    diskCategory: input.diskCategory,
    ...(input.diskCategory === "cloud_essd" ? { diskPerformanceLevel: input.diskPerformanceLevel } : {}),
  };
}

const parseDetail = (job: HbrRestoreJob): Record<string, unknown> => {
  try {
    const v = job.udmDetail ? JSON.parse(job.udmDetail) : {};
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * Whether an HBR restore job is the one this restore asked for: HBR has no ClientToken and no free-text field on a
 * restore job, so the marker is what was sent: the same snapshot and restore type, created no earlier than the
 * restore (less clock slack), and per kind the instance it acts on, or for a new instance the admin's name, vSwitch
 * and instance type as echoed in UdmDetail. Jobs another restore of the console already claimed are never taken
 * (cloudRestoreJobId is unique).
 */
export function isOwnRestoreJob(job: HbrRestoreJob, want: { snapshotId: string; restoreType: HbrRestoreType; sinceS: number; detail: HbrRestoreUdmDetail; sourceInstanceId: string }): boolean {
  if (job.snapshotId && job.snapshotId !== want.snapshotId) return false;
  if (job.restoreType && job.restoreType !== want.restoreType) return false;
  if ((job.createdTime ?? 0) < want.sinceS) return false;
  const sent = parseDetail(job);
  const same = (key: keyof HbrRestoreUdmDetail) => want.detail[key] === undefined || sent[key] === undefined || sent[key] === want.detail[key];
  if (want.restoreType === "UDM_ECS") {
    return sent.restoredName === want.detail.restoredName && same("restoredNetwork") && same("instanceType") && same("securityGroup");
  }
  if (want.restoreType === "UDM_ECS_DISK") return (job.targetInstanceId ?? sent.targetInstanceId) === want.detail.targetInstanceId;
  return (job.sourceInstanceId ?? sent.sourceInstanceId ?? job.targetInstanceId) === want.sourceInstanceId;
}

/** Claims the oldest unclaimed HBR restore job that matches this restore; null when there is none. */
async function findOwnRestoreJob(ctx: Ctx, hbr: HbrClient, want: Parameters<typeof isOwnRestoreJob>[1]): Promise<string | null> {
  const candidates: HbrRestoreJob[] = [];
  for (let page = 1; page <= 10; page++) {
    const res = await hbr.describeRestoreJobs2({
      restoreType: want.restoreType,
      pageNumber: page,
      pageSize: 99,
      filters: [
        { key: "InstanceId", values: [want.sourceInstanceId] },
        { key: "CreatedTime", operator: "GREATER_THAN_OR_EQUAL", values: [String(want.sinceS)] },
      ],
    });
    candidates.push(...res.restoreJobs.restoreJob.filter((j) => isOwnRestoreJob(j, want)));
    if (page * 99 >= res.totalCount) break;
  }
  candidates.sort((a, b) => (a.createdTime ?? 0) - (b.createdTime ?? 0) || a.restoreId.localeCompare(b.restoreId));
  const claimed = new Set(
    (await ctx.deps.db.restore.findMany({ where: { cloudRestoreJobId: { in: candidates.map((c) => c.restoreId) } }, select: { cloudRestoreJobId: true } })).map((r) => r.cloudRestoreJobId),
  );
  for (const c of candidates) {
    if (claimed.has(c.restoreId)) continue;
    if (await claim(ctx, c.restoreId)) return c.restoreId;
  }
  return null;
}

/** Records HBR's RestoreId on the restore; false when another restore holds it already. */
async function claim(ctx: Ctx, restoreJobId: string): Promise<boolean> {
  try {
    await saveStep(ctx, "createRestoreJob", { detail: `HBR restore job ${restoreJobId}` }, { cloudRestoreJobId: restoreJobId });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

async function createRestoreJob(ctx: Ctx): Promise<string> {
  const { row } = ctx;
  if (row.cloudRestoreJobId) return `HBR restore job ${row.cloudRestoreJobId}`;
  const hbr = hbrOf(ctx, row.restoreRegionId);
  const snapshotId = await snapshotIdFor(ctx);
  const detail = udmDetailOf(ctx);
  const restoreType = row.restoreType as HbrRestoreType;
  const want = { snapshotId, restoreType, sinceS: Math.floor(row.createdAt.getTime() / 1000) - RESTORE_LOOKUP_SLACK_S, detail, sourceInstanceId: row.sourceInstanceId };
  const found = await findOwnRestoreJob(ctx, hbr, want);
  if (found) return `HBR restore job ${found} (found by its look-up)`;
  if (await isCancelRequested(ctx)) throw new Canceled();
  const created = await hbr.createRestoreJob({
    sourceType: "UDM_ECS",
    restoreType,
    snapshotId,
    udmRegionId: row.restoreRegionId,
    udmDetail: detail,
    ...(restoreType === "UDM_ECS_DISK" && detail.targetInstanceId ? { targetInstanceId: detail.targetInstanceId } : {}),
  });
  // The RestoreId is recorded the instant it is known: a later run reads it instead of looking again.
  if (!(await claim(ctx, created.restoreId))) {
    throw new StepFailed({ code: "RestoreJobClaimed", message: `HBR restore job ${created.restoreId} is already recorded on another restore.`, requestId: created.requestId ?? null });
  }
  return `HBR restore job ${created.restoreId}`;
}

// ——— waitRestoreJob ———

const RESTORE_DONE = new Set(["COMPLETE", "PARTIAL_COMPLETE"]);
const RESTORE_FAILED = new Set(["FAILED", "EXPIRED"]);

async function readRestoreJob(ctx: Ctx): Promise<HbrRestoreJob | null> {
  const id = ctx.row.cloudRestoreJobId!;
  const res = await hbrOf(ctx, ctx.row.restoreRegionId).describeRestoreJobs2({ restoreType: ctx.row.restoreType as HbrRestoreType, pageSize: 10, filters: [{ key: "RestoreId", values: [id] }] });
  return res.restoreJobs.restoreJob.find((j) => j.restoreId === id) ?? null;
}

async function askHbrToCancel(ctx: Ctx): Promise<void> {
  if (ctx.cancelAsked || !ctx.row.cloudRestoreJobId) return;
  try {
    await hbrOf(ctx, ctx.row.restoreRegionId).cancelRestoreJob({ restoreId: ctx.row.cloudRestoreJobId });
  } catch (err) {
    const e = toCloudError("hbr", "CancelRestoreJob", err);
    if (e.retryable) throw e;
    // Refused: the job finished meanwhile; how it ended is read next.
  }
  ctx.cancelAsked = true;
}

async function waitRestoreJob(ctx: Ctx): Promise<string> {
  let lastProgress = ctx.row.progress;
  let missingSince: number | null = null;
  const job = await until(ctx, async () => {
    if (await isCancelRequested(ctx)) await askHbrToCancel(ctx);
    const j = await readRestoreJob(ctx);
    if (!j) {
      missingSince ??= Date.now();
      if (Date.now() - missingSince >= ctx.deps.jobMissingMs) {
        throw new StepFailed({ code: "RestoreJobNotFound", message: `HBR no longer lists restore job ${ctx.row.cloudRestoreJobId}.`, requestId: null });
      }
      return null;
    }
    missingSince = null;
    const status = j.status.toUpperCase();
    const progress = Math.max(0, Math.min(100, Math.floor((j.progress ?? 0) / 100)));
    if (progress !== lastProgress && !RESTORE_DONE.has(status)) {
      lastProgress = progress;
      ctx.row = await ctx.deps.db.restore.update({ where: { id: ctx.row.id }, data: { progress } });
    }
    return RESTORE_DONE.has(status) || RESTORE_FAILED.has(status) || status === "CANCELED" ? j : null;
  });
  const status = job.status.toUpperCase();
  if (status === "CANCELED") throw new Canceled();
  if (RESTORE_FAILED.has(status)) {
    throw new StepFailed({ code: `RestoreJob.${status}`, message: `HBR restore job ${job.restoreId} ended ${status}${job.errorMessage ? `: ${job.errorMessage}` : ""}.`, requestId: null });
  }
  const resultId = job.targetInstanceId || null;
  ctx.row = await ctx.deps.db.restore.update({ where: { id: ctx.row.id }, data: { progress: 100, ...(resultId && ctx.row.kind === "newInstance" ? { resultInstanceId: resultId } : {}) } });
  return `HBR restore job ${job.restoreId} ${status}${resultId ? `, instance ${resultId}` : ""}`;
}

// ——— verifyResult ———

async function verifyResult(ctx: Ctx): Promise<string> {
  const { row, input, deps } = ctx;
  if (input.kind === "newInstance") {
    let instanceId = row.resultInstanceId;
    if (!instanceId) {
      const [newest] = await findEcsInstancesByName(deps.cloud, row.restoreRegionId, input.vSwitchId, input.instanceName);
      instanceId = newest?.instanceId ?? null;
    }
    if (!instanceId) throw new StepFailed({ code: "RestoredInstanceNotFound", message: `No instance named ${input.instanceName} is in ${input.vSwitchId} after the restore.`, requestId: null });
    const i = await describeEcsInstance(deps.cloud, row.restoreRegionId, instanceId);
    if (!i) throw new StepFailed({ code: "RestoredInstanceNotFound", message: `${instanceId} is not in ECS in ${row.restoreRegionId}.`, requestId: null });
    if (i.vSwitchId && i.vSwitchId !== input.vSwitchId) {
      throw new StepFailed({ code: "RestoredInstanceElsewhere", message: `${instanceId} is in vSwitch ${i.vSwitchId}, not in ${input.vSwitchId} as asked.`, requestId: null });
    }
    ctx.row = await deps.db.restore.update({ where: { id: row.id }, data: { resultInstanceId: instanceId } });
    if (input.bootAfterRestore && i.status !== "Running") await waitForStatus(ctx, row.restoreRegionId, instanceId, "Running");
    return `${instanceId} (${i.instanceName}) is in ${i.zoneId}, ${i.vSwitchId ?? "no vSwitch"}${input.bootAfterRestore ? ", Running" : ""}`;
  }
  const instanceId = row.targetInstanceId ?? row.sourceInstanceId;
  const i = await describeEcsInstance(deps.cloud, row.restoreRegionId, instanceId);
  if (!i) throw new StepFailed({ code: "InvalidInstanceId.NotFound", message: `${instanceId} is not in ECS in ${row.restoreRegionId} after the restore.`, requestId: null });
  ctx.row = await deps.db.restore.update({ where: { id: row.id }, data: { resultInstanceId: instanceId } });
  const boots = input.kind === "rollback" ? input.bootAfterRestore : row.restoreType === "UDM_ECS_DISK_ROLLBACK" && didStopIt(ctx);
  if (boots && i.status !== "Running") await waitForStatus(ctx, row.restoreRegionId, instanceId, "Running");
  return `${instanceId} (${i.instanceName}) is ${boots ? "Running" : i.status}`;
}

const STEP_RUNNERS: Record<RestoreStepName, (ctx: Ctx) => Promise<string>> = { backUpFirst, stopInstance, createRestoreJob, waitRestoreJob, verifyResult };
const CLOUD_ACTION: Record<RestoreStepName, string> = {
  backUpFirst: "CreateBackupJob",
  stopInstance: "StopInstance",
  createRestoreJob: "CreateRestoreJob",
  waitRestoreJob: "DescribeRestoreJobs2",
  verifyResult: "DescribeInstances",
};

/** When the current run of retryable errors began (now, when none is recorded). */
function retryingSince(lastError: unknown): number {
  const since = lastError && typeof lastError === "object" ? (lastError as { retryingSince?: unknown }).retryingSince : undefined;
  const t = typeof since === "string" ? Date.parse(since) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

async function finish(ctx: Ctx, status: "succeeded" | "failed" | "canceled", lastError: object | null): Promise<void> {
  await ctx.deps.db.restore.update({
    where: { id: ctx.row.id },
    data: { status, steps: stepsJson(ctx.steps), lastError: lastError ?? Prisma.DbNull, finishedAt: new Date(), ...(status === "succeeded" ? { progress: 100 } : {}) },
  });
}

/** Runs a restore's remaining steps; returns how this run ended ("waiting": HBR or ECS is still busy, run again later). */
export async function runRestore(depsIn: RunRestoreDeps, restoreId: string): Promise<RestoreOutcome> {
  const deps = { pollMs: 1000, waitPerRunMs: RESTORE_WAIT_PER_RUN_MS, jobMissingMs: RESTORE_JOB_MISSING_MS, ...depsIn };
  let row = await deps.db.restore.findUnique({ where: { id: restoreId } });
  if (!row || !["pending", "running", "canceling"].includes(row.status)) return "skipped";
  const started = row.startedAt ?? new Date();
  if (row.status === "pending") row = await deps.db.restore.update({ where: { id: restoreId }, data: { status: "running", startedAt: started } });
  else if (!row.startedAt) row = await deps.db.restore.update({ where: { id: restoreId }, data: { startedAt: started } });
  const parsed = savedRequestSchema.safeParse(row.request);
  if (!parsed.success) {
    await deps.db.restore.update({
      where: { id: restoreId },
      data: { status: "failed", finishedAt: new Date(), lastError: { code: "InvalidRestoreRequest", message: `The saved request cannot be read: ${parsed.error.message}`, requestId: null } },
    });
    return "failed";
  }
  const ctx: Ctx = { deps, row, input: parsed.data, steps: stepsOf(row.steps), deadline: Date.now() + deps.waitPerRunMs, cancelAsked: false };

  for (const step of ctx.steps) {
    if (step.status === "done" || step.status === "skipped") continue;
    // Cancelled before HBR was asked to restore: nothing more is started. createRestoreJob looks for a job an
    // earlier run may have made before it decides (and then never creates one); once the HBR job exists, its wait
    // asks HBR to cancel and reads how it ended.
    if ((step.name === "backUpFirst" || step.name === "stopInstance") && (await isCancelRequested(ctx))) {
      ctx.steps = ctx.steps.map((s) => (s.status === "pending" || s.status === "running" ? { ...s, status: "skipped", detail: restoreCanceledMessage } : s));
      await finish(ctx, "canceled", null);
      return "canceled";
    }
    if (step.status !== "running") await saveStep(ctx, step.name, { status: "running" });
    try {
      const detail = await STEP_RUNNERS[step.name](ctx);
      await saveStep(ctx, step.name, { status: "done", detail }, { lastError: Prisma.DbNull });
    } catch (err) {
      if (err instanceof Waiting) return "waiting";
      // The console's own database away for a moment is no reason to fail the restore: the queue runs it again.
      if (isDatabaseUnavailable(err)) throw err;
      if (err instanceof Canceled) {
        ctx.steps = ctx.steps.map((s) => (s.status === "pending" || s.status === "running" ? { ...s, status: "skipped", detail: restoreCanceledMessage } : s));
        await finish(ctx, "canceled", null);
        return "canceled";
      }
      const error =
        err instanceof StepFailed
          ? err.error
          : (() => {
              const e = err instanceof CloudError || isCloudError(err) ? (err as CloudError) : toCloudError("hbr", CLOUD_ACTION[step.name], err);
              if (e.retryable && Date.now() - retryingSince(ctx.row.lastError) < RESTORE_GIVE_UP_AFTER_MS) return e;
              return { code: e.code, message: e.message, requestId: e.requestId };
            })();
      if (error instanceof CloudError || isCloudError(error)) {
        const e = error as CloudError;
        const since = new Date(retryingSince(ctx.row.lastError)).toISOString();
        await deps.db.restore.update({ where: { id: restoreId }, data: { lastError: { code: e.code, message: e.message, requestId: e.requestId, retryingSince: since } } });
        throw new RetryLater(e);
      }
      ctx.steps = ctx.steps.map((s) => (s.name === step.name ? { ...s, status: "failed", detail: error.message } : s));
      await finish(ctx, "failed", error);
      return "failed";
    }
  }
  await finish(ctx, "succeeded", null);
  return "succeeded";
}
