import "server-only";
import type { Instance, InstanceTaskKind, InstanceTaskRequest, TaskStep } from "@/lib/schemas/instances";
import type { CloudClients } from "@/lib/server/cloud/clients";

// The contract of each kind of instance task (run-instance-task.ts dispatches on it). `plan` is called by the
// preview API and by the worker before it starts, so what the admin confirmed is what runs; `run` carries the
// steps out one by one, looking up before it changes anything, so running a task twice creates nothing twice.

export type TaskInput<K extends InstanceTaskKind> = Extract<InstanceTaskRequest, { kind: K }>;

export interface TaskContext {
  cloud: CloudClients;
  /** The instance as DescribeInstances shows it now (with disks and RAM role). */
  instance: Instance;
}

export interface TaskPlan {
  steps: TaskStep[];
  /** Why the task cannot run at all, or null. */
  blocker: string | null;
}

export interface TaskRunner<K extends InstanceTaskKind> {
  kind: K;
  plan(ctx: TaskContext, input: TaskInput<K>): Promise<TaskPlan>;
  /**
   * Runs the planned steps. Update the steps in place (status, detail, durationMs, exitCode, output) and call
   * `report` after each change: it saves them, so the browser's progress bar moves. Returns the one-line
   * summary. A cloud error thrown from here fails the task (retryable errors are retried by the worker).
   */
  run(ctx: TaskContext, input: TaskInput<K>, steps: TaskStep[], report: () => Promise<void>): Promise<string>;
}
