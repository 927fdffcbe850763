import { intervalSeconds, nextRunTimes, type CreatePlan } from "./plan";

// RPO of a scheduled plan: a backup is expected every interval. A plan breaches its RPO when its last successful
// backup (or, before the first one, its first run) is more than 1.5 intervals old: one missed run, with half an
// interval of slack for a run that takes a while. The clock starts at the first run at or after the plan was made
// (runs never backfill): a Start Time in the past is not a run the plan missed.

export const RPO_SLACK = 1.5;

export interface RpoSchedule {
  intervalMs: number;
  /** The first run the plan can make: the first run of its schedule at or after it was made (or edited). */
  startMs: number;
}

/**
 * The expected cadence of a plan made (or whose schedule changed) at `from`, or null when the plan has none the
 * console knows (manual, existing policy).
 */
export function rpoScheduleOf(config: CreatePlan, from: Date = new Date()): RpoSchedule | null {
  if (config.backupMode.mode !== "auto") return null;
  const s = config.backupMode.schedule;
  if (s.kind === "existingPolicy") return null;
  return { intervalMs: intervalSeconds(s.interval) * 1000, startMs: nextRunTimes(s.startTime, s.interval, 1, from)[0]!.getTime() };
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
