import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { instanceTaskRequestSchema, type TaskStep } from "@/lib/schemas/instances";
import { toCloudError } from "@/lib/server/cloud/cloud-error";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { recordCheck } from "@/lib/server/instances/record-prediction";
import { stepsJson, stepsOf } from "@/lib/server/instances/tasks/instance-tasks";
import { loadTaskContext } from "@/lib/server/instances/tasks/task-context";
import { runnerFor } from "@/lib/server/instances/tasks/runners";
import { TaskStopped } from "@/lib/server/instances/tasks/task-steps";
import { GIVE_UP_RETRYING_AFTER_MS, RetryLater } from "@/lib/server/jobs/retry-later";

// Worker side of an instance task. The runner plans again from live look-ups (what the admin previewed may have
// changed), keeps the step ids of the preview, and carries the steps out, saving them after each change. A
// retryable cloud error is retried by the queue for a while; every step looks before it changes anything, so a
// retry, or a second run of the same fix, repeats nothing.

export type TaskOutcome = "done" | "failed" | "skipped";

const errorJson = (code: string, message: string, requestId: string | null = null) => ({ code, message, requestId });

export async function runInstanceTask(deps: { db: Db; cloud: CloudClients }, taskId: string): Promise<TaskOutcome> {
  const task = await deps.db.instanceTask.findUnique({ where: { id: taskId } });
  if (!task || task.status === "done" || task.status === "failed") return "skipped";
  const input = instanceTaskRequestSchema.parse(task.input);
  await deps.db.instanceTask.update({ where: { id: taskId }, data: { status: "running", startedAt: task.startedAt ?? new Date() } });

  const finish = async (status: "done" | "failed", summary: string, steps: TaskStep[], lastError: object | null) => {
    await deps.db.instanceTask.update({
      where: { id: taskId },
      data: { status, summary, steps: stepsJson(steps), lastError: lastError ?? Prisma.DbNull, finishedAt: new Date() },
    });
  };

  let steps = stepsOf(task.steps);
  try {
    const ctx = await loadTaskContext(deps.cloud, task.regionId, task.instanceId);
    const runner = runnerFor(input.kind);
    const plan = await runner.plan(ctx, input as never);
    if (plan.blocker) {
      await finish("failed", plan.blocker, plan.steps, errorJson("TaskBlocked", plan.blocker));
      return "failed";
    }
    steps = plan.steps;
    const report = () => deps.db.instanceTask.update({ where: { id: taskId }, data: { steps: stepsJson(steps) } }).then(() => undefined);
    await report();
    const summary = await runner.run(ctx, input as never, steps, report);
    await finish("done", summary, steps, null);
  } catch (err) {
    if (err instanceof TaskStopped || err instanceof ApiError) {
      await finish("failed", err.message, steps, errorJson(err instanceof ApiError ? err.code : "TaskStopped", err.message));
      return "failed";
    }
    const cloudError = toCloudError("ecs", input.kind, err);
    const json = errorJson(cloudError.code, cloudError.message, cloudError.requestId);
    if (cloudError.retryable && Date.now() - task.createdAt.getTime() < GIVE_UP_RETRYING_AFTER_MS) {
      await deps.db.instanceTask.update({ where: { id: taskId }, data: { lastError: json, steps: stepsJson(steps) } });
      throw new RetryLater(cloudError);
    }
    await finish("failed", cloudError.message, steps, json);
    return "failed";
  }
  // The checklist after the fix becomes the instance's prediction on its application-consistent plans, and the
  // recorded checklist viewers read.
  if (input.kind !== "dryRun") {
    await checkPrerequisites(deps.cloud, task.regionId, task.instanceId)
      .then((p) => recordCheck(deps.db, task.regionId, p))
      .catch(() => undefined);
  }
  return "done";
}
