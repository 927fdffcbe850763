import "server-only";
import { randomBytes } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { Prisma, type InstanceTask as InstanceTaskRow } from "@/generated/prisma/client";
import {
  instanceTaskLabels,
  taskStepSchema,
  type InstanceTask,
  type InstanceTaskKind,
  type InstanceTaskPreview,
  type InstanceTaskRequest,
  type TaskStep,
} from "@/lib/schemas/instances";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { cloudErrorOf } from "@/lib/server/cloud/cloud-error";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { runnerFor } from "@/lib/server/instances/tasks/runners";
import { loadTaskContext } from "@/lib/server/instances/tasks/task-context";
import { sendInTransaction } from "@/lib/server/jobs/boss";

// API side of the one-click fixes and the Dry run: the preview (the steps and their exact cloud calls, from live
// look-ups), and the request, which records the task, its queue job and an audit event in one transaction. The
// worker (run-instance-task.ts) carries it out. One open task per instance (a partial unique index).

export const auditActionOfTask: Record<InstanceTaskKind, string> = {
  ramRole: "instance.fix_ram_role",
  cloudAssistant: "instance.install_cloud_assistant",
  scripts: "instance.upload_scripts",
  dryRun: "instance.dry_run",
};

const newTaskId = () => `itask_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
const FINISHED = new Set<TaskStep["status"]>(["done", "skipped", "failed"]);

type TaskRow = InstanceTaskRow & { requestedBy?: { email: string } | null };

/** Steps as stored (JSON); the schema reads them back. */
export const stepsJson = (steps: TaskStep[]) => steps as unknown as Prisma.InputJsonValue;

export function stepsOf(value: unknown): TaskStep[] {
  const parsed = taskStepSchema.array().safeParse(value);
  return parsed.success ? parsed.data : [];
}

export function toInstanceTask(row: TaskRow): InstanceTask {
  const steps = stepsOf(row.steps);
  return {
    id: row.id,
    regionId: row.regionId,
    instanceId: row.instanceId,
    kind: row.kind as InstanceTaskKind,
    status: row.status as InstanceTask["status"],
    steps,
    done: steps.filter((s) => FINISHED.has(s.status)).length,
    total: steps.length,
    summary: row.summary,
    lastError: cloudErrorOf(row.lastError),
    requestedBy: row.requestedBy?.email ?? null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** What the task would do now, step by step, and why it cannot run, if it cannot. Read-only. */
export async function previewInstanceTask(cloud: CloudClients, regionId: string, instanceId: string, request: InstanceTaskRequest): Promise<InstanceTaskPreview> {
  const ctx = await loadTaskContext(cloud, regionId, instanceId);
  const plan = await runnerFor(request.kind).plan(ctx, request as never);
  return { kind: request.kind, steps: plan.steps, blocker: plan.blocker };
}

/** Script text stays out of the audit log's before/after (it is kept on the task); sizes say what was sent. */
function auditInput(request: InstanceTaskRequest): Prisma.InputJsonValue {
  if (request.kind === "scripts" || request.kind === "dryRun") {
    return {
      kind: request.kind,
      preScriptBytes: Buffer.byteLength(request.preScript),
      postScriptBytes: Buffer.byteLength(request.postScript),
      ...(request.kind === "dryRun" ? { timeoutSeconds: request.timeoutSeconds } : {}),
    };
  }
  return { kind: request.kind };
}

const isOpenTaskConflict = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

export async function requestInstanceTask(
  deps: { db: Db; boss: PgBoss; cloud: CloudClients },
  regionId: string,
  instanceId: string,
  request: InstanceTaskRequest,
  actor: { id: string; requestId?: string },
): Promise<InstanceTask> {
  const ctx = await loadTaskContext(deps.cloud, regionId, instanceId);
  const plan = await runnerFor(request.kind).plan(ctx, request as never);
  if (plan.blocker) throw new ApiError("CONFLICT", plan.blocker);
  try {
    return await deps.db.$transaction(async (tx) => {
      const open = await tx.instanceTask.findFirst({ where: { instanceId, status: { in: ["pending", "running"] } }, select: { kind: true } });
      if (open) throw new ApiError("CONFLICT", `${instanceId} is still running “${instanceTaskLabels[open.kind as InstanceTaskKind]}”; wait for it to finish.`);
      const row = await tx.instanceTask.create({
        data: { id: newTaskId(), regionId, instanceId, kind: request.kind, input: request, steps: stepsJson(plan.steps), requestedById: actor.id },
        include: { requestedBy: { select: { email: true } } },
      });
      await sendInTransaction(deps.boss, tx, "instanceTask", { taskId: row.id }, { singletonKey: row.id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: auditActionOfTask[request.kind],
        targetType: "instance",
        targetId: instanceId,
        before: { ramRoleName: ctx.instance.ramRoleName, status: ctx.instance.status },
        after: { taskId: row.id, regionId, ...(auditInput(request) as object) },
        requestId: actor.requestId,
      });
      return toInstanceTask(row);
    });
  } catch (err) {
    if (isOpenTaskConflict(err)) throw new ApiError("CONFLICT", `${instanceId} is still running another task; wait for it to finish.`);
    throw err;
  }
}

export async function listInstanceTasks(db: Db, instanceId: string, take = 20): Promise<InstanceTask[]> {
  const rows = await db.instanceTask.findMany({
    where: { instanceId },
    orderBy: { createdAt: "desc" },
    take,
    include: { requestedBy: { select: { email: true } } },
  });
  return rows.map(toInstanceTask);
}
