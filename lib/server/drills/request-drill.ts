import "server-only";
import { randomBytes } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { SUCCEEDED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import { DEFAULT_DRILL_SETTINGS, drillSettingsSchema, nextDrillDue, probeGallery, type DrillRequest, type DrillStartResult, type Probe } from "@/lib/schemas/drill";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Db, Tx } from "@/lib/server/db/client";
import { initialDrillSteps, toDrillRuns } from "@/lib/server/drills/drill-dto";
import { ApiError } from "@/lib/server/http/api-error";
import { sendInTransaction } from "@/lib/server/jobs/boss";

// API side of a restore drill (and the schedule's): checks the request against the plan, then saves one run per
// instance and its queue job in ONE transaction. The worker (run-drill.ts) makes every cloud call.

export const OPEN_DRILL_STATUSES = ["pending", "restoring", "booting", "probing", "cleaning"];

/** Short and plain: it becomes the drill instance's name `hbr-drill-<id>` and its tag value. */
export const newDrillRunId = () => `drl_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;

interface PlanForDrill {
  id: string;
  name: string;
  regionId: string;
  status: string;
  instances: { instanceId: string; instanceName: string; osType: string }[];
}

async function lockPlan(tx: Tx, planId: string): Promise<PlanForDrill | null> {
  // FOR UPDATE: two requests for the same plan queue up here, so the one-open-drill-per-instance rule holds.
  const rows = await tx.$queryRaw<{ id: string; name: string; regionId: string; status: string }[]>`
    SELECT "id", "name", "regionId", "status" FROM "plan" WHERE "id" = ${planId} FOR UPDATE`;
  const plan = rows[0];
  if (!plan) return null;
  const instances = await tx.planInstance.findMany({ where: { planId }, select: { instanceId: true, instanceName: true, osType: true }, orderBy: { instanceName: "asc" } });
  return { ...plan, instances };
}

/** Instances with at least one backup point (a succeeded job whose HBR snapshot is known and not expired). */
async function instancesWithBackupPoints(tx: Tx, planId: string, now: Date): Promise<Set<string>> {
  const rows = await tx.backupJob.findMany({
    where: { planId, hbrSnapshotId: { not: null }, status: { in: [...SUCCEEDED_JOB_STATUSES] }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { instanceId: true },
    distinct: ["instanceId"],
  });
  return new Set(rows.flatMap((r) => (r.instanceId ? [r.instanceId] : [])));
}

async function createRuns(
  tx: Tx,
  boss: PgBoss,
  plan: PlanForDrill,
  instances: PlanForDrill["instances"],
  opts: { probe: Probe; backupJob?: { id: string; hbrSnapshotId: string; at: Date } | null; trigger: "manual" | "schedule"; scheduledFor?: Date; requestedById: string | null },
): Promise<string[]> {
  const ids: string[] = [];
  for (const instance of instances) {
    const id = newDrillRunId();
    const created = await tx.drillRun.createMany({
      data: [
        {
          id,
          planId: plan.id,
          regionId: plan.regionId,
          instanceId: instance.instanceId,
          instanceName: instance.instanceName,
          trigger: opts.trigger,
          scheduledFor: opts.scheduledFor ?? null,
          steps: initialDrillSteps(),
          probe: opts.probe,
          backupJobId: opts.backupJob?.id ?? null,
          hbrSnapshotId: opts.backupJob?.hbrSnapshotId ?? null,
          snapshotAt: opts.backupJob?.at ?? null,
          restoreRegionId: plan.regionId,
          requestedById: opts.requestedById,
        },
      ],
      // A scheduled due time already taken (plan, instance, scheduledFor) is skipped, not doubled.
      skipDuplicates: true,
    });
    if (!created.count) continue;
    await sendInTransaction(boss, tx, "drillRun", { runId: id }, { singletonKey: id });
    ids.push(id);
  }
  return ids;
}

function checkProbe(probe: Probe, instances: PlanForDrill["instances"]): void {
  const entry = probeGallery.find((p) => p.kind === probe.kind)!;
  const windows = instances.filter((i) => i.osType === "windows");
  if (entry.linuxOnly && windows.length) {
    throw new ApiError("VALIDATION_FAILED", "The request has invalid fields.", {
      fieldErrors: { "probe.kind": [`“${entry.name}” runs on Linux only; ${windows.map((i) => i.instanceName).join(", ")} run Windows. Use “${probeGallery[0]!.name}”.`] },
    });
  }
}

/** POST /api/plans/{planId}/drills: one run per chosen instance, queued; 404/409/422 when it cannot start. */
export async function requestDrill(deps: { db: Db; boss: PgBoss }, planId: string, request: DrillRequest, actor: { id: string; requestId?: string }): Promise<DrillStartResult> {
  const now = new Date();
  const ids = await deps.db.$transaction(async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (!plan) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
    if (plan.status !== "active") throw new ApiError("CONFLICT", `The plan is ${plan.status}: restore drills run on active plans.`);
    let instances = plan.instances;
    let backupJob: { id: string; hbrSnapshotId: string; at: Date } | null = null;
    if (request.instanceId) {
      const one = plan.instances.find((i) => i.instanceId === request.instanceId);
      if (!one) throw new ApiError("VALIDATION_FAILED", "The request has invalid fields.", { fieldErrors: { instanceId: ["This instance is not protected by the plan"] } });
      instances = [one];
    }
    checkProbe(request.probe, instances);
    if (request.backupJobId) {
      const job = await tx.backupJob.findFirst({ where: { planId, OR: [{ id: request.backupJobId }, { cloudJobId: request.backupJobId }], instanceId: request.instanceId } });
      if (!job?.hbrSnapshotId || !(SUCCEEDED_JOB_STATUSES as readonly string[]).includes(job.status)) {
        throw new ApiError("VALIDATION_FAILED", "The request has invalid fields.", { fieldErrors: { backupJobId: ["Not a backup point of this instance"] } });
      }
      if (job.expiresAt && job.expiresAt <= now) throw new ApiError("VALIDATION_FAILED", "The request has invalid fields.", { fieldErrors: { backupJobId: ["This backup point has expired"] } });
      backupJob = { id: job.id, hbrSnapshotId: job.hbrSnapshotId, at: job.completedAt ?? job.cloudCreatedAt };
    } else {
      const withPoints = await instancesWithBackupPoints(tx, planId, now);
      if (request.instanceId && !withPoints.has(request.instanceId)) {
        throw new ApiError("VALIDATION_FAILED", "The request has invalid fields.", { fieldErrors: { instanceId: ["This instance has no backup point yet: run a backup first"] } });
      }
      if (!instances.some((i) => withPoints.has(i.instanceId))) throw new ApiError("CONFLICT", "No instance of the plan has a backup point yet: run a backup first.");
    }
    const open = await tx.drillRun.findMany({ where: { planId, instanceId: { in: instances.map((i) => i.instanceId) }, status: { in: OPEN_DRILL_STATUSES } }, select: { instanceId: true } });
    if (open.length) throw new ApiError("CONFLICT", `A restore drill of ${[...new Set(open.map((o) => o.instanceId))].join(", ")} is under way; wait for it to end.`);
    const ids = await createRuns(tx, deps.boss, plan, instances, { probe: request.probe, backupJob, trigger: "manual", requestedById: actor.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "plan.drill",
      targetType: "plan",
      targetId: planId,
      after: { runIds: ids, instanceIds: instances.map((i) => i.instanceId), backupJobId: backupJob?.id ?? null, probe: request.probe },
      requestId: actor.requestId,
    });
    return ids;
  });
  const rows = await deps.db.drillRun.findMany({ where: { id: { in: ids } }, orderBy: { instanceName: "asc" } });
  return { runs: await toDrillRuns(deps.db, rows) };
}

/**
 * Starts every scheduled drill that is due, once per plan and due time however many workers call this: the worker
 * that moves `nextDueAt` on (a conditional update, in the transaction that saves the runs) starts it, and the runs'
 * unique (plan, instance, scheduledFor) refuses a second set anyway. Instances with a drill under way are skipped.
 */
export async function startDueDrills(deps: { db: Db; boss: PgBoss }, now = new Date()): Promise<number> {
  const due = await deps.db.planDrill.findMany({ where: { nextDueAt: { lte: now } }, select: { planId: true, nextDueAt: true, schedule: true, probe: true }, take: 100 });
  let started = 0;
  for (const d of due) {
    const settings = drillSettingsSchema.safeParse({ schedule: d.schedule, probe: d.probe });
    const { schedule, probe } = settings.success ? settings.data : DEFAULT_DRILL_SETTINGS;
    const dueAt = d.nextDueAt!;
    started += await deps.db.$transaction(async (tx) => {
      const next = nextDrillDue(schedule, now > dueAt ? now : dueAt);
      const moved = await tx.planDrill.updateMany({ where: { planId: d.planId, nextDueAt: dueAt }, data: { nextDueAt: next } });
      if (!moved.count) return 0;
      const plan = await lockPlan(tx, d.planId);
      if (!plan || plan.status !== "active") return 0;
      const withPoints = await instancesWithBackupPoints(tx, plan.id, now);
      const open = new Set((await tx.drillRun.findMany({ where: { planId: plan.id, status: { in: OPEN_DRILL_STATUSES } }, select: { instanceId: true } })).map((o) => o.instanceId));
      const windows = probeGallery.find((p) => p.kind === probe.kind)!.linuxOnly;
      const instances = plan.instances.filter((i) => withPoints.has(i.instanceId) && !open.has(i.instanceId) && !(windows && i.osType === "windows"));
      const ids = await createRuns(tx, deps.boss, plan, instances, { probe, trigger: "schedule", scheduledFor: dueAt, requestedById: null });
      if (ids.length) await recordAudit(tx, { actorId: null, action: "plan.drill_scheduled", targetType: "plan", targetId: plan.id, after: { runIds: ids, scheduledFor: dueAt.toISOString(), probe } });
      return ids.length;
    });
  }
  return started;
}
