import "server-only";
import { Prisma, type DrillRun as DrillRunRow } from "@/generated/prisma/client";
import { SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import { DEFAULT_PROBE, drillInstanceName, probeSchema, probeScript, type DrillStatus, type DrillStep, type DrillStepName } from "@/lib/schemas/drill";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { CloudError, isCloudError, toCloudError } from "@/lib/server/cloud/cloud-error";
import type { HbrRestoreJob } from "@/lib/server/cloud/hbr/hbr-models";
import type { Db } from "@/lib/server/db/client";
import { deleteInstance, describeInstance, findInstancesByName, isInstanceGone, listDrillInstances, pickDrillPlacement, startInstance, tagDrillInstance } from "@/lib/server/drills/drill-cloud";
import { stepsOf } from "@/lib/server/drills/drill-dto";
import { refreshPlanVerification } from "@/lib/server/drills/plan-verification";
import { runGuestCommand } from "@/lib/server/instances/run-guest-command";
import { GIVE_UP_RETRYING_AFTER_MS, RetryLater } from "@/lib/server/jobs/retry-later";
import { sleep } from "@/lib/utils";

// Worker side of a restore drill, one instance: pick the backup point → CreateRestoreJob (UDM_ECS, the isolated
// vSwitch and security group, no public IP, a cheap instance type, named hbr-drill-<run id>) → wait COMPLETE →
// tag the instance hbr-console:drill=<run id> → wait Running → probe through Cloud Assistant → record RTO and
// output → ALWAYS delete the instance and confirm it is gone. Every step is recorded on the run, and every create
// is preceded by a look-up (the restore job and the instance carry the marker), so an attempt after a dead worker
// or a throttled call repeats nothing. The probe's verdict is saved before the clean-up, which runs on failure too.

export interface DrillTiming {
  /** Polling interval of the restore job, the instance's status and the deletion. */
  pollMs: number;
  /** How long each wait may take before the drill fails (restore job, Running, agent online, deletion). */
  restoreWaitMs: number;
  bootWaitMs: number;
  probeWaitMs: number;
  deleteWaitMs: number;
}
export const DEFAULT_DRILL_TIMING: DrillTiming = { pollMs: 1000, restoreWaitMs: 20 * 60_000, bootWaitMs: 10 * 60_000, probeWaitMs: 5 * 60_000, deleteWaitMs: 5 * 60_000 };

/** Seconds Cloud Assistant lets a probe run. */
const PROBE_TIMEOUT_S = 60;
const RESTORE_FAILED = new Set(["FAILED", "CANCELED", "CANCELLED", "EXPIRED"]);
const RESTORE_DONE = new Set(["COMPLETE", "PARTIAL_COMPLETE"]);
const PROBE_OUTPUT_MAX = 16_000;

export type DrillOutcome = "passed" | "failed" | "skipped";

const drillError = (action: string, code: string, message: string, product: "hbr" | "ecs" = "hbr") => new CloudError(product, action, "client", code, message, null, null, "");

class DrillContext {
  steps: DrillStep[];
  constructor(
    readonly db: Db,
    readonly cloud: CloudClients,
    public run: DrillRunRow,
    readonly timing: DrillTiming,
  ) {
    this.steps = stepsOf(run.steps);
  }

  get marker() {
    return drillInstanceName(this.run.id);
  }

  stepStatus(name: DrillStepName) {
    return this.steps.find((s) => s.name === name)!.status;
  }

  /** Saves the step (and any run fields) in one write. */
  async step(name: DrillStepName, status: DrillStep["status"], detail: string | null, data: Prisma.DrillRunUpdateInput = {}) {
    this.steps = this.steps.map((s) => (s.name === name ? { name, status, detail, at: new Date().toISOString() } : s));
    this.run = await this.db.drillRun.update({ where: { id: this.run.id }, data: { ...data, steps: this.steps } });
  }

  async set(data: Prisma.DrillRunUpdateInput) {
    this.run = await this.db.drillRun.update({ where: { id: this.run.id }, data });
  }
}

async function pickBackupPoint(ctx: DrillContext): Promise<void> {
  if (ctx.run.hbrSnapshotId && ctx.run.backupJobId) {
    if (ctx.stepStatus("pickBackupPoint") !== "done") await ctx.step("pickBackupPoint", "done", `Chosen: ${ctx.run.hbrSnapshotId}`);
    return;
  }
  const now = new Date();
  const job = await ctx.db.backupJob.findFirst({
    where: {
      planId: ctx.run.planId,
      instanceId: ctx.run.instanceId,
      hbrSnapshotId: { not: null },
      status: { in: [...SUCCEEDED_JOB_STATUSES] },
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    orderBy: [{ cloudCreatedAt: "desc" }],
  });
  if (!job?.hbrSnapshotId) throw drillError("CreateRestoreJob", "NoBackupPoint", `${ctx.run.instanceId} has no backup point yet: run a backup first.`);
  await ctx.step("pickBackupPoint", "done", `Newest: ${job.hbrSnapshotId}`, { backupJobId: job.id, hbrSnapshotId: job.hbrSnapshotId, snapshotAt: job.completedAt ?? job.cloudCreatedAt });
}

/** The restore job an earlier attempt started: by its recorded id, else by the marker in the restored name. */
async function findRestoreJob(ctx: DrillContext): Promise<HbrRestoreJob | null> {
  const hbr = ctx.cloud.hbr(ctx.run.restoreRegionId);
  const matches = (j: HbrRestoreJob) =>
    (ctx.run.restoreJobId ? j.restoreId === ctx.run.restoreJobId : false) || j.targetInstanceName === ctx.marker || (j.udmDetail ?? "").includes(ctx.marker);
  if (ctx.run.restoreJobId) {
    const res = await hbr.describeRestoreJobs2({ restoreType: "UDM_ECS", pageSize: 10, filters: [{ key: "RestoreId", values: [ctx.run.restoreJobId] }] });
    const found = res.restoreJobs?.restoreJob?.find((j) => j.restoreId === ctx.run.restoreJobId);
    if (found) return found;
  }
  for (let page = 1; page <= 10; page++) {
    const res = await hbr.describeRestoreJobs2({ restoreType: "UDM_ECS", pageNumber: page, pageSize: 99 });
    const jobs = res.restoreJobs?.restoreJob ?? [];
    const found = jobs.find(matches);
    if (found) return found;
    if (jobs.length < 99) break;
  }
  return null;
}

async function createRestoreJob(ctx: DrillContext): Promise<void> {
  if (ctx.run.restoreJobId) return;
  const existing = await findRestoreJob(ctx);
  if (existing) {
    await ctx.step("createRestoreJob", "done", `Found ${existing.restoreId} (started by an earlier attempt)`, { restoreJobId: existing.restoreId });
    return;
  }
  // The source instance's zone when it still exists; any isolated zone otherwise.
  const source = await describeInstance(ctx.cloud, ctx.run.restoreRegionId, ctx.run.instanceId).catch(() => null);
  const place = await pickDrillPlacement(ctx.cloud, ctx.run.restoreRegionId, source?.zoneId ?? null);
  await ctx.step("createRestoreJob", "running", `${place.instanceType} in ${place.vSwitchId} (${place.zoneId}), ${place.securityGroupId}, no public IP`);
  const res = await ctx.cloud.hbr(ctx.run.restoreRegionId).createRestoreJob({
    sourceType: "UDM_ECS",
    restoreType: "UDM_ECS",
    snapshotId: ctx.run.hbrSnapshotId!,
    udmRegionId: ctx.run.restoreRegionId,
    udmDetail: {
      instanceType: place.instanceType,
      restoredNetwork: place.vSwitchId,
      securityGroup: place.securityGroupId,
      restoredName: ctx.marker,
      restoredHostName: ctx.marker.replace(/_/g, "-").toLowerCase().slice(0, 60),
      allocatePublicIp: false,
      bootAfterRestore: true,
      diskCategory: "cloud_essd",
    },
  });
  await ctx.step("createRestoreJob", "done", `${res.restoreId}: ${place.instanceType} in ${place.vSwitchId} (${place.zoneId}), ${place.securityGroupId}, no public IP`, {
    restoreJobId: res.restoreId,
  });
}

/** The drill instance, by the restore job's TargetInstanceId or by the marker name. */
async function findDrillInstanceId(ctx: DrillContext, job: HbrRestoreJob | null): Promise<string | null> {
  if (ctx.run.drillInstanceId) return ctx.run.drillInstanceId;
  if (job?.targetInstanceId && job.targetInstanceId !== ctx.run.instanceId) return job.targetInstanceId;
  const named = await findInstancesByName(ctx.cloud, ctx.run.restoreRegionId, ctx.marker);
  return named[0]?.instanceId ?? null;
}

async function waitRestoreJob(ctx: DrillContext): Promise<void> {
  if (ctx.stepStatus("waitRestoreJob") === "done" && ctx.run.drillInstanceId) return;
  const deadline = Date.now() + ctx.timing.restoreWaitMs;
  for (;;) {
    const job = await findRestoreJob(ctx);
    if (!job) throw drillError("DescribeRestoreJobs2", "RestoreJobNotFound", `HBR no longer lists restore job ${ctx.run.restoreJobId}.`);
    const status = (job.status ?? "").toUpperCase();
    const pct = Math.round((job.progress ?? 0) / 100);
    if (RESTORE_FAILED.has(status)) throw drillError("DescribeRestoreJobs2", `RestoreJob.${status}`, `Restore job ${job.restoreId} ended ${status}${job.errorMessage ? `: ${job.errorMessage}` : ""}.`);
    if (RESTORE_DONE.has(status)) {
      const instanceId = await findDrillInstanceId(ctx, job);
      if (!instanceId) throw drillError("DescribeRestoreJobs2", "RestoredInstanceNotFound", `Restore job ${job.restoreId} is ${status} but no instance named ${ctx.marker} exists.`);
      await ctx.step("waitRestoreJob", "done", `${job.restoreId} ${status}: ${instanceId}`, { drillInstanceId: instanceId });
      return;
    }
    if (ctx.stepStatus("waitRestoreJob") !== "running" || Math.random() < 0.2) await ctx.step("waitRestoreJob", "running", `${job.restoreId} ${status || "RUNNING"} ${pct} %`);
    if (Date.now() > deadline) throw drillError("DescribeRestoreJobs2", "RestoreTimedOut", `Restore job ${job.restoreId} did not finish within ${Math.round(ctx.timing.restoreWaitMs / 60_000)} min.`);
    await sleep(ctx.timing.pollMs);
  }
}

async function tagInstance(ctx: DrillContext): Promise<void> {
  if (ctx.stepStatus("tagInstance") === "done") return;
  await tagDrillInstance(ctx.cloud, ctx.run.restoreRegionId, ctx.run.drillInstanceId!, ctx.run.id);
  await ctx.step("tagInstance", "done", `hbr-console:drill=${ctx.run.id}`);
}

async function waitRunning(ctx: DrillContext): Promise<void> {
  if (ctx.stepStatus("waitRunning") === "done") return;
  const deadline = Date.now() + ctx.timing.bootWaitMs;
  let started = false;
  let stoppedPolls = 0;
  for (;;) {
    const i = await describeInstance(ctx.cloud, ctx.run.restoreRegionId, ctx.run.drillInstanceId!);
    if (!i || i.status === "Deleted") throw drillError("DescribeInstances", "DrillInstanceGone", `The drill instance ${ctx.run.drillInstanceId} disappeared before it was Running.`, "ecs");
    if (i.status === "Running") {
      await ctx.step("waitRunning", "done", "Running");
      return;
    }
    // Boot after restore was asked; a restored instance still Stopped after a few polls is started once.
    if (i.status === "Stopped" && ++stoppedPolls >= 3 && !started) {
      await startInstance(ctx.cloud, ctx.run.restoreRegionId, i.instanceId);
      started = true;
    }
    if (ctx.stepStatus("waitRunning") !== "running") await ctx.step("waitRunning", "running", i.status);
    if (Date.now() > deadline) throw drillError("DescribeInstances", "BootTimedOut", `The drill instance was not Running within ${Math.round(ctx.timing.bootWaitMs / 60_000)} min (${i.status}).`, "ecs");
    await sleep(ctx.timing.pollMs);
  }
}

async function probe(ctx: DrillContext): Promise<void> {
  const probeValue = probeSchema.safeParse(ctx.run.probe);
  const p = probeValue.success ? probeValue.data : DEFAULT_PROBE;
  const instance = await ctx.db.planInstance.findUnique({ where: { planId_instanceId: { planId: ctx.run.planId, instanceId: ctx.run.instanceId } }, select: { osType: true } });
  const osType = instance?.osType === "windows" ? "windows" : "linux";
  const deadline = Date.now() + ctx.timing.probeWaitMs;
  await ctx.step("probe", "running", "Waiting for Cloud Assistant");
  for (;;) {
    const result = await runGuestCommand(ctx.cloud, ctx.run.restoreRegionId, ctx.run.drillInstanceId!, osType, probeScript(p, osType), {
      name: `hbr-console-drill-${ctx.run.id}`,
      timeoutSeconds: PROBE_TIMEOUT_S,
      pollIntervalMs: Math.min(500, ctx.timing.pollMs),
    });
    if (result.isDone) {
      const output = result.output.slice(0, PROBE_OUTPUT_MAX);
      if (result.exitCode === 0) {
        const rtoSeconds = Math.max(0, Math.round((Date.now() - ctx.run.createdAt.getTime()) / 1000));
        await ctx.step("probe", "done", `Exit code 0; RTO ${rtoSeconds} s`, { verdict: "passed", rtoSeconds, probeOutput: output, probeExitCode: 0 });
        return;
      }
      await ctx.step("probe", "failed", `Exit code ${result.exitCode}`, {
        verdict: "failed",
        probeOutput: output,
        probeExitCode: result.exitCode,
        lastError: { code: "ProbeFailed", message: `The probe exited with code ${result.exitCode}.`, requestId: null },
      });
      return;
    }
    if (result.isTimedOut) {
      await ctx.step("probe", "failed", result.reason, {
        verdict: "failed",
        probeOutput: result.output?.slice(0, PROBE_OUTPUT_MAX) ?? null,
        probeExitCode: result.exitCode,
        lastError: { code: "ProbeTimedOut", message: `The probe did not finish within ${PROBE_TIMEOUT_S} s (${result.reason}).`, requestId: null },
      });
      return;
    }
    // Not run (the agent is not online yet after the boot): try again until the wait passes.
    if (Date.now() > deadline) throw drillError("RunCommand", "ProbeNotRun", `Cloud Assistant did not run the probe within ${Math.round(ctx.timing.probeWaitMs / 1000)} s: ${result.reason}.`, "ecs");
    await ctx.step("probe", "running", `Waiting for Cloud Assistant: ${result.reason}`);
    await sleep(ctx.timing.pollMs);
  }
}

/** Restore → boot → probe; ends with a verdict on the run (or throws a CloudError). `until`: stop after that step. */
async function drillUntilVerdict(ctx: DrillContext, until?: DrillStepName): Promise<void> {
  if (!ctx.run.startedAt) await ctx.set({ startedAt: new Date() });
  const steps: [DrillStepName, DrillStatus, (c: DrillContext) => Promise<void>][] = [
    ["pickBackupPoint", "restoring", pickBackupPoint],
    ["createRestoreJob", "restoring", createRestoreJob],
    ["waitRestoreJob", "restoring", waitRestoreJob],
    ["tagInstance", "restoring", tagInstance],
    ["waitRunning", "booting", waitRunning],
    ["probe", "probing", probe],
  ];
  for (const [name, status, run] of steps) {
    await setStatus(ctx, status);
    await run(ctx);
    if (name === until) return;
  }
}

/**
 * The steps of a drill up to and including `until`, and nothing else: what a worker did before it died there
 * (no verdict, no clean-up). For the crash tests of the sweeper and of a resumed run.
 */
export async function runDrillUntil(deps: { db: Db; cloud: CloudClients; timing?: Partial<DrillTiming> }, runId: string, until: DrillStepName): Promise<void> {
  const row = await deps.db.drillRun.findUniqueOrThrow({ where: { id: runId } });
  await drillUntilVerdict(new DrillContext(deps.db, deps.cloud, row, { ...DEFAULT_DRILL_TIMING, ...deps.timing }), until);
}

async function setStatus(ctx: DrillContext, status: DrillStatus) {
  if (ctx.run.status !== status) await ctx.set({ status });
}

/** Deletes every instance this run made (by id, name and tag) and waits until ECS no longer lists them. */
async function cleanUp(ctx: DrillContext): Promise<string> {
  const regionId = ctx.run.restoreRegionId;
  if (ctx.run.restoreJobId && !ctx.run.drillInstanceId) {
    // The restore may still be running: stop it, so it makes no instance after the clean-up.
    const job = await findRestoreJob(ctx).catch(() => null);
    if (job && !RESTORE_DONE.has(job.status.toUpperCase()) && !RESTORE_FAILED.has(job.status.toUpperCase())) {
      await ctx.cloud
        .hbr(regionId)
        .cancelRestoreJob({ restoreId: job.restoreId })
        .catch(() => undefined);
    }
    const id = await findDrillInstanceId(ctx, job);
    if (id) await ctx.set({ drillInstanceId: id });
  }
  const ids = new Set<string>();
  if (ctx.run.drillInstanceId) ids.add(ctx.run.drillInstanceId);
  if (ctx.run.restoreJobId) {
    for (const i of await findInstancesByName(ctx.cloud, regionId, ctx.marker)) ids.add(i.instanceId);
    for (const i of await listDrillInstances(ctx.cloud, regionId)) if (i.tagRunId === ctx.run.id) ids.add(i.instanceId);
  }
  ids.delete(ctx.run.instanceId); // never the backed-up instance itself
  if (!ids.size) return "No drill instance was made.";
  await ctx.step("deleteInstance", "running", `Deleting ${[...ids].join(", ")}`);
  for (const id of ids) await deleteInstance(ctx.cloud, regionId, id);
  const deadline = Date.now() + ctx.timing.deleteWaitMs;
  for (;;) {
    const left = [];
    for (const id of ids) if (!(await isInstanceGone(ctx.cloud, regionId, id))) left.push(id);
    if (!left.length) return `Deleted ${[...ids].join(", ")}`;
    if (Date.now() > deadline) throw drillError("DeleteInstance", "DeleteTimedOut", `ECS still lists ${left.join(", ")}.`, "ecs");
    await sleep(ctx.timing.pollMs);
  }
}

const errorJson = (e: CloudError) => ({ code: e.code, message: e.message, requestId: e.requestId });

/** Runs (or resumes) one drill to its end. Throws RetryLater for throttling, 5xx and network errors. */
export async function runDrill(deps: { db: Db; cloud: CloudClients; timing?: Partial<DrillTiming> }, runId: string): Promise<DrillOutcome> {
  const row = await deps.db.drillRun.findUnique({ where: { id: runId } });
  if (!row || row.status === "passed" || row.status === "failed") return "skipped";
  const ctx = new DrillContext(deps.db, deps.cloud, row, { ...DEFAULT_DRILL_TIMING, ...deps.timing });
  const retrying = () => Date.now() - row.createdAt.getTime() < GIVE_UP_RETRYING_AFTER_MS * 3;

  if (!ctx.run.verdict) {
    try {
      await drillUntilVerdict(ctx);
    } catch (err) {
      const e = isCloudError(err) ? err : toCloudError("hbr", "RestoreDrill", err);
      if (e.retryable && retrying()) {
        await ctx.set({ lastError: errorJson(e) });
        throw new RetryLater(e);
      }
      const failing = ctx.steps.find((s) => s.status === "running" || s.status === "pending");
      if (failing) ctx.steps = ctx.steps.map((s) => (s.name === failing.name ? { ...s, status: "failed", detail: e.message, at: new Date().toISOString() } : s));
      await ctx.set({ verdict: "failed", lastError: errorJson(e), steps: ctx.steps });
    }
  }

  // Always: the drill instance goes, whatever the verdict.
  await setStatus(ctx, "cleaning");
  let cleanupError: CloudError | null = null;
  try {
    const detail = await cleanUp(ctx);
    await ctx.step("deleteInstance", "done", detail, { instanceDeletedAt: new Date() });
  } catch (err) {
    const e = isCloudError(err) ? err : toCloudError("ecs", "DeleteInstance", err);
    // Deleting is retried for as long as the queue allows; the sweeper deletes whatever is left after that.
    if (e.retryable || e.code === "DeleteTimedOut") throw new RetryLater(e);
    cleanupError = e;
    await ctx.step("deleteInstance", "failed", e.message);
  }
  const passed = ctx.run.verdict === "passed" && !cleanupError;
  await deps.db.$transaction(async (tx) => {
    await tx.drillRun.update({
      where: { id: runId },
      data: {
        status: passed ? "passed" : "failed",
        finishedAt: new Date(),
        ...(cleanupError ? { lastError: errorJson(cleanupError) } : ctx.run.verdict === "passed" ? { lastError: Prisma.DbNull } : {}),
      },
    });
    await refreshPlanVerification(tx, ctx.run.planId);
  });
  return passed ? "passed" : "failed";
}
