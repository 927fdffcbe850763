import "server-only";
import { intervalSeconds, type CreatePlan } from "@/lib/schemas/plan";

// RPO of a scheduled plan: a backup is expected every interval from the Start Time. A plan breaches its RPO when
// its last successful backup (or, before the first one, its Start Time) is more than 1.5 intervals old: one
// missed run, with half an interval of slack for a run that takes a while.

export const RPO_SLACK = 1.5;

export interface RpoSchedule {
  intervalMs: number;
  startMs: number;
}

/** The expected cadence of a plan, or null when the plan has none the console knows (manual, existing policy). */
export function rpoScheduleOf(config: CreatePlan): RpoSchedule | null {
  if (config.backupMode.mode !== "auto") return null;
  const s = config.backupMode.schedule;
  if (s.kind === "existingPolicy") return null;
  return { intervalMs: intervalSeconds(s.interval) * 1000, startMs: Date.parse(s.startTime) };
}

/** Whether, at `atMs`, the plan is in breach given the completion times (ms) of its successful backups. */
export function isRpoBreached(schedule: RpoSchedule, successesMs: number[], atMs: number): boolean {
  const lastSuccess = successesMs.filter((t) => t <= atMs).reduce((a, b) => Math.max(a, b), -Infinity);
  const reference = Math.max(lastSuccess, schedule.startMs);
  return atMs - reference > RPO_SLACK * schedule.intervalMs;
}

/** The moment the plan breaches its RPO if no backup succeeds before it (kept in the plan's rpoDueAt column). */
export function rpoDueAt(schedule: RpoSchedule, lastSuccessMs: number | null): Date {
  return new Date(Math.max(lastSuccessMs ?? -Infinity, schedule.startMs) + RPO_SLACK * schedule.intervalMs);
}
