import { unixSeconds } from "../../protocol/ids.ts";
import type { Action } from "../types.ts";
import { taskNotFound } from "./errors.ts";
import { ok, resolveRegion } from "./shared.ts";

export const describeTask: Action = (ctx) => {
  const taskId = ctx.params.required("TaskId");
  const region = resolveRegion(ctx, (r) => r.tasks.has(taskId));
  const task = region.tasks.get(taskId);
  if (!task) throw taskNotFound(taskId);
  return {
    ...ok, Name: task.name, Progress: task.progress, Description: task.description, Result: task.result,
    CreatedTime: unixSeconds(task.createdTime), UpdatedTime: unixSeconds(task.updatedTime), CompletedTime: unixSeconds(task.completedTime),
  };
};

