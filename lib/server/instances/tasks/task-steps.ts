import "server-only";
import type { CloudCall, TaskStep } from "@/lib/schemas/instances";

// Small helpers every runner uses to describe and move its steps.

export const call = (service: CloudCall["service"], action: string, params: Record<string, unknown>): CloudCall => ({ service, action, params });

/** A step as planned: `skipped` when the look-up already shows it holds, with what was seen. */
export function plannedStep(id: string, label: string, calls: CloudCall[], alreadyDone: string | null = null): TaskStep {
  return { id, label, calls, status: alreadyDone ? "skipped" : "pending", detail: alreadyDone ?? "Will run", durationMs: null, exitCode: null, output: null };
}

export function stepById(steps: TaskStep[], id: string): TaskStep {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

/** Marks a step running, runs it, records done/skipped with its detail and duration; failures are recorded and rethrown. */
export async function runStep(steps: TaskStep[], id: string, report: () => Promise<void>, body: () => Promise<{ skipped?: boolean; detail: string }>): Promise<void> {
  const step = stepById(steps, id);
  step.status = "running";
  step.detail = "Running";
  await report();
  const started = performance.now();
  try {
    const outcome = await body();
    step.status = outcome.skipped ? "skipped" : "done";
    step.detail = outcome.detail;
  } catch (err) {
    step.status = "failed";
    step.detail = err instanceof Error ? err.message : String(err);
    throw err;
  } finally {
    step.durationMs = Math.round(performance.now() - started);
    await report();
  }
}

/** A failure the admin must act on (not a cloud error): fails the task with this message. */
export class TaskStopped extends Error {
  override name = "TaskStopped";
}
