import { invalidSchedule } from "./errors.ts";

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface ParsedSchedule {
  kind: "I" | "C";
  startMs: number;
  /** null for crontab schedules, which the emulator stores but does not fire */
  intervalMs: number | null;
}

/** `I|1631685600|P1D` (interval) or `C|1631685600|0 0 2 ? * 3,5,7` (crontab). */
export function parseSchedule(value: string): ParsedSchedule {
  const [kind, start, spec, ...rest] = value.split("|");
  if (rest.length || !start || !/^\d+$/.test(start) || !spec) throw invalidSchedule(value);
  if (kind === "C") return { kind, startMs: Number(start) * 1000, intervalMs: null };
  if (kind !== "I") throw invalidSchedule(value);
  const m = DURATION.exec(spec);
  if (!m || spec === "P" || spec.endsWith("T")) throw invalidSchedule(value);
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const seconds = y! * 365 * 86400 + mo! * 30 * 86400 + w! * 7 * 86400 + d! * 86400 + h! * 3600 + mi! * 60 + s!;
  if (seconds <= 0) throw invalidSchedule(value);
  return { kind: "I", startMs: Number(start) * 1000, intervalMs: seconds * 1000 };
}

/** First run at or after `afterMs` (no run before the start time; schedules never backfill). */
export function nextRun(schedule: ParsedSchedule, afterMs: number, strictlyAfter = false): number | null {
  if (schedule.intervalMs === null) return null;
  if (afterMs < schedule.startMs) return schedule.startMs;
  const k = Math.ceil((afterMs - schedule.startMs) / schedule.intervalMs);
  let at = schedule.startMs + k * schedule.intervalMs;
  if (strictlyAfter && at <= afterMs) at += schedule.intervalMs;
  return at;
}
