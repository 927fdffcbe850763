import "server-only";
import { randomBytes } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { Prisma } from "@/generated/prisma/client";
import { restoreKindLabels, type CreateRestore, type Restore, type RestoreListQuery } from "@/lib/schemas/restore";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { isUniqueViolation } from "@/lib/server/http/error-mapping";
import { sendInTransaction } from "@/lib/server/jobs/boss";
import { checkRestore } from "@/lib/server/restores/check-restore";
import { initialSteps, stepsJson, stepsOf, toRestore } from "@/lib/server/restores/restore-dto";

// API side of restores: the checks (check-restore.ts), then the restore, its queue job and an audit event in one
// transaction; Retry and Cancel the same way. The worker (run-restore.ts) makes the cloud calls.

export const newRestoreId = () => `rst_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;

export interface Actor {
  id: string;
  name?: string;
  requestId?: string;
}

const OPEN = ["pending", "running", "canceling"];
const busy = (instanceId: string) =>
  new ApiError("CONFLICT", `${instanceId} already has a restore in progress; wait for it to finish or cancel it.`, {
    fieldErrors: { targetInstanceId: [`${instanceId} already has a restore in progress`] },
  });

/** The request as saved: the validated input without the typed confirmation. */
function savedRequest(input: CreateRestore): Prisma.InputJsonValue {
  if (input.kind === "rollback") {
    const { confirmInstanceName: _typed, ...rest } = input;
    return rest;
  }
  return input;
}

export async function createRestore(deps: { db: Db; boss: PgBoss; cloud: CloudClients }, input: CreateRestore, actor: Actor): Promise<Restore> {
  const checked = await checkRestore(deps, input);
  const bp = checked.backupPoint;
  const id = newRestoreId();
  try {
    return await deps.db.$transaction(async (tx) => {
      if (checked.targetInstanceId) {
        const open = await tx.restore.findFirst({ where: { targetInstanceId: checked.targetInstanceId, status: { in: OPEN } }, select: { id: true } });
        if (open) throw busy(checked.targetInstanceId);
      }
      const row = await tx.restore.create({
        data: {
          id,
          kind: input.kind,
          restoreType: checked.restoreType,
          backupJobId: bp.backupJobId,
          planId: bp.planId,
          hbrSnapshotId: bp.hbrSnapshotId,
          sourceInstanceId: bp.instanceId,
          sourceRegionId: bp.regionId,
          restoreRegionId: input.restoreRegionId,
          targetInstanceId: checked.targetInstanceId,
          request: savedRequest(input),
          backupPoint: bp,
          steps: stepsJson(initialSteps(checked.applies)),
          requestedById: actor.id,
          requestedByName: actor.name ?? null,
        },
      });
      await sendInTransaction(deps.boss, tx, "restoreRun", { restoreId: id }, { singletonKey: id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "restore.create",
        targetType: "instance",
        targetId: checked.targetInstanceId ?? bp.instanceId,
        before: checked.targetInstanceId ? { instanceId: checked.targetInstanceId, instanceName: checked.targetInstanceName } : null,
        after: {
          restoreId: id,
          kind: input.kind,
          kindLabel: restoreKindLabels[input.kind],
          restoreType: checked.restoreType,
          restoreRegionId: input.restoreRegionId,
          backupPoint: { hbrSnapshotId: bp.hbrSnapshotId, createdAt: bp.createdAt, planId: bp.planId, planName: bp.planName, instanceId: bp.instanceId, instanceName: bp.instanceName },
          ...(input.kind === "newInstance" ? { instanceName: input.instanceName, vSwitchId: input.vSwitchId, instanceType: input.instanceType } : {}),
          ...(input.kind === "rollback" ? { backUpFirst: input.backUpFirst, stopInstance: input.stopInstance } : {}),
          ...(input.kind === "disks" ? { targetInstanceId: input.targetInstanceId, targetInstanceName: checked.targetInstanceName } : {}),
        },
        requestId: actor.requestId,
      });
      return toRestore(row);
    });
  } catch (err) {
    if (!(err instanceof ApiError) && checked.targetInstanceId && isUniqueViolation(err)) throw busy(checked.targetInstanceId);
    throw err;
  }
}

const auditTarget = (row: { id: string; kind: string; targetInstanceId: string | null; sourceInstanceId: string; backupPoint: unknown }) => {
  const bp = row.backupPoint as { instanceName?: string | null; planName?: string; hbrSnapshotId?: string };
  return { restoreId: row.id, kind: row.kind, instanceId: row.targetInstanceId ?? row.sourceInstanceId, instanceName: bp.instanceName ?? null, planName: bp.planName ?? null, hbrSnapshotId: bp.hbrSnapshotId ?? null };
};

/** Resumes a Failed restore at its first step not done. */
export async function retryRestore(deps: { db: Db; boss: PgBoss }, restoreId: string, actor: Actor): Promise<Restore> {
  try {
    return await deps.db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT "status" FROM "restore" WHERE "id" = ${restoreId} FOR UPDATE`;
      if (!locked) throw new ApiError("NOT_FOUND", "No such restore.");
      if (locked.status !== "failed") throw new ApiError("CONFLICT", `Only a Failed restore can be retried; this one is ${locked.status}.`);
      const row = await tx.restore.findUniqueOrThrow({ where: { id: restoreId } });
      const steps = stepsOf(row.steps).map((s) => (s.status === "failed" || s.status === "running" ? { ...s, status: "pending" as const } : s));
      const updated = await tx.restore.update({
        where: { id: restoreId },
        data: { status: "pending", steps: stepsJson(steps), lastError: Prisma.DbNull, finishedAt: null, startedAt: null },
      });
      await sendInTransaction(deps.boss, tx, "restoreRun", { restoreId }, { singletonKey: restoreId });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "restore.retry",
        targetType: "restore",
        targetId: restoreId,
        before: { status: row.status, lastError: row.lastError ?? null },
        after: { status: "pending", ...auditTarget(row) },
        requestId: actor.requestId,
      });
      return toRestore(updated);
    });
  } catch (err) {
    if (!(err instanceof ApiError) && isUniqueViolation(err)) throw new ApiError("CONFLICT", "The instance already has another restore in progress; wait for it to finish.");
    throw err;
  }
}

/**
 * Cancels a Pending or Running restore: it becomes Cancelling, HBR's job (when it exists) is asked to cancel now,
 * and the worker settles it (Cancelled, or Succeeded when HBR finished first). Nothing more is started for it.
 */
export async function cancelRestore(deps: { db: Db; boss: PgBoss; cloud: CloudClients }, restoreId: string, actor: Actor): Promise<Restore> {
  const row = await deps.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT "status" FROM "restore" WHERE "id" = ${restoreId} FOR UPDATE`;
    if (!locked) throw new ApiError("NOT_FOUND", "No such restore.");
    if (locked.status !== "pending" && locked.status !== "running") throw new ApiError("CONFLICT", `Only a Pending or Running restore can be cancelled; this one is ${locked.status}.`);
    const updated = await tx.restore.update({ where: { id: restoreId }, data: { status: "canceling" } });
    await sendInTransaction(deps.boss, tx, "restoreRun", { restoreId }, { singletonKey: restoreId });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "restore.cancel",
      targetType: "restore",
      targetId: restoreId,
      before: { status: locked.status },
      after: { status: "canceling", cloudRestoreJobId: updated.cloudRestoreJobId, ...auditTarget(updated) },
      requestId: actor.requestId,
    });
    return updated;
  });
  if (row.cloudRestoreJobId) {
    try {
      await deps.cloud.hbr(row.restoreRegionId).cancelRestoreJob({ restoreId: row.cloudRestoreJobId });
    } catch (err) {
      // The worker asks again (and reads how the job ended); the admin's cancel is recorded either way.
      if (!isCloudError(err)) throw err;
    }
  }
  return toRestore(row);
}

export async function getRestoreOrThrow(db: Db, restoreId: string): Promise<Restore> {
  const row = await db.restore.findUnique({ where: { id: restoreId } });
  if (!row) throw new ApiError("NOT_FOUND", "No such restore.");
  return toRestore(row);
}

/** Restores, newest first, filtered and paged. */
export async function listRestores(db: Db, query: RestoreListQuery): Promise<{ items: Restore[]; total: number; page: number; pageSize: number }> {
  const where: Prisma.RestoreWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.regionId ? { OR: [{ restoreRegionId: query.regionId }, { sourceRegionId: query.regionId }] } : {}),
    ...(query.instanceId ? { AND: [{ OR: [{ sourceInstanceId: query.instanceId }, { targetInstanceId: query.instanceId }, { resultInstanceId: query.instanceId }] }] } : {}),
    ...(query.planId ? { planId: query.planId } : {}),
  };
  const [rows, total] = await Promise.all([
    db.restore.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    db.restore.count({ where }),
  ]);
  return { items: rows.map(toRestore), total, page: query.page, pageSize: query.pageSize };
}
