import { describe, expect, it } from "vitest";
import {
  TIME_UNITS,
  daysPerRetentionUnit,
  intervalSeconds,
  intervalUnits,
  isoDuration,
  parseIsoDuration,
  timeAmountText,
  consistencyAckLabel,
  consistencyAckRequired,
  createPlanSchema,
  defaultPlanInput,
  hbrSchedule,
  nextRunTimes,
  parseHbrSchedule,
  planActionRefusal,
  retentionBelowIntervalWarning,
  scheduleWarnings,
  startTimeFarWarning,
  startTimeInPastWarning,
  type PlanActionTarget,
} from "@/lib/schemas/plan";

describe("HBR schedules", () => {
  it("reads back what hbrSchedule writes, for every interval unit", () => {
    for (const interval of [{ value: 6, unit: "hours" }, { value: 1, unit: "days" }, { value: 2, unit: "weeks" }] as const) {
      const schedule = hbrSchedule("2030-01-02T03:04:05Z", interval);
      expect(parseHbrSchedule(schedule)).toEqual({ startTime: "2030-01-02T03:04:05Z", interval });
    }
  });
  it("refuses crontab and malformed schedules rather than guessing", () => {
    expect(parseHbrSchedule("C|1631685600|0 0 2 ? * 3,5,7")).toBeNull();
    expect(parseHbrSchedule("I|abc|P1D")).toBeNull();
    expect(parseHbrSchedule("I|1631685600|P1M")).toBeNull();
  });
  it("gives the next runs of a parsed policy schedule after now, never before the start", () => {
    const parsed = parseHbrSchedule("I|1893456000|PT12H")!; // 2030-01-01T00:00:00Z
    const runs = nextRunTimes(parsed.startTime, parsed.interval, 3, new Date("2030-01-01T13:00:00Z"));
    expect(runs.map((d) => d.toISOString())).toEqual(["2030-01-02T00:00:00.000Z", "2030-01-02T12:00:00.000Z", "2030-01-03T00:00:00.000Z"]);
  });
});

describe("which plans an action applies to (the bulk confirmation and the server share it)", () => {
  const plan = (over: Partial<PlanActionTarget>): PlanActionTarget => ({ name: "p", status: "active", mode: "auto", paused: false, hasOpenAction: false, ...over });
  it("pauses an active, running Auto Backup plan and skips a Manual Backup plan", () => {
    expect(planActionRefusal("pause", plan({ name: "auto" }))).toBeNull();
    expect(planActionRefusal("pause", plan({ name: "once", mode: "manual" }))).toBe("once is a one-off Manual Backup plan: it has no schedule to pause.");
  });
  it("skips a plan already paused (pause), not paused (resume), not active, or busy with an earlier action", () => {
    expect(planActionRefusal("pause", plan({ paused: true }))).toBe("p is already paused.");
    expect(planActionRefusal("resume", plan({ paused: false }))).toBe("p is not paused.");
    expect(planActionRefusal("resume", plan({ paused: true }))).toBeNull();
    expect(planActionRefusal("runNow", plan({ status: "failed" }))).toBe("Run backup now needs an Active plan; p is failed.");
    expect(planActionRefusal("pause", plan({ status: "provisioning" }))).toBe("Pause needs an Active plan; p is provisioning.");
    expect(planActionRefusal("runNow", plan({ hasOpenAction: true }))).toBe("p is still carrying out an earlier action; wait for it to finish.");
  });
  it("runs a backup now of Manual Backup plans too", () => {
    expect(planActionRefusal("runNow", plan({ mode: "manual" }))).toBeNull();
  });
});

describe("schedule warnings (the wizard warns, the API accepts)", () => {
  const now = new Date("2030-06-01T12:00:00Z");
  const daily = { value: 1, unit: "days" } as const;
  const week = { value: 7, unit: "days" } as const;
  it("warns of a Start Time in the past and of one more than a year ahead, not of one in between", () => {
    expect(scheduleWarnings({ startTime: "2030-06-01T11:59:59Z", interval: daily, retention: week }, now)).toEqual({ startTime: startTimeInPastWarning });
    expect(scheduleWarnings({ startTime: "2031-06-01T12:00:01Z", interval: daily, retention: week }, now)).toEqual({ startTime: startTimeFarWarning });
    expect(scheduleWarnings({ startTime: "2031-06-01T12:00:00Z", interval: daily, retention: week }, now)).toEqual({});
    expect(scheduleWarnings({ startTime: "2030-06-01T12:00:00Z", interval: daily, retention: week }, now)).toEqual({});
  });
  it("warns of a Retention Period shorter than the Backup Interval, in any units", () => {
    const start = "2030-06-02T00:00:00Z";
    expect(scheduleWarnings({ startTime: start, interval: { value: 2, unit: "weeks" }, retention: { value: 13, unit: "days" } }, now)).toEqual({ retention: retentionBelowIntervalWarning });
    expect(scheduleWarnings({ startTime: start, interval: { value: 2, unit: "weeks" }, retention: { value: 2, unit: "weeks" } }, now)).toEqual({});
    expect(scheduleWarnings({ startTime: start, interval: { value: 25, unit: "hours" }, retention: { value: 1, unit: "days" } }, now)).toEqual({ retention: retentionBelowIntervalWarning });
  });
  it("says nothing of parts still being typed", () => {
    expect(scheduleWarnings({ startTime: "", interval: { value: Number.NaN, unit: "days" }, retention: { value: 1, unit: "days" } }, now)).toEqual({});
  });
  it("does not make the schema refuse such a schedule", () => {
    const input = defaultPlanInput("cn-shanghai", now);
    input.backupObjects.instances = [{ instanceId: "i-a", protectAllDisks: true, diskIds: [] }];
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: "2020-01-01T00:00:00Z", interval: { value: 2, unit: "weeks" }, retention: { value: 1, unit: "days" } } };
    expect(createPlanSchema.safeParse(input).success).toBe(true);
  });
});

describe("acknowledging a backup below application consistency", () => {
  it("is needed with Application Consistent Backup on and a prediction below APPLICATION or none yet", () => {
    expect(consistencyAckRequired(true, "FILE_SYSTEM")).toBe(true);
    expect(consistencyAckRequired(true, "CRASH")).toBe(true);
    expect(consistencyAckRequired(true, null)).toBe(true);
    expect(consistencyAckRequired(true, "APPLICATION")).toBe(false);
    expect(consistencyAckRequired(false, "CRASH")).toBe(false);
  });
  it("names the level the backup will reach", () => {
    expect(consistencyAckLabel("FILE_SYSTEM")).toBe("I understand this backup will be file-system-consistent, not application-consistent");
    expect(consistencyAckLabel("CRASH")).toBe("I understand this backup will be crash-consistent, not application-consistent");
    expect(consistencyAckLabel(null)).toBe("I understand this backup may not be application-consistent");
  });
  it("is optional in the request, so clients that never send it keep working", () => {
    const input = defaultPlanInput("ap-southeast-1");
    input.backupObjects.instances = [{ instanceId: "i-a", protectAllDisks: true, diskIds: [] }];
    delete input.acknowledgedConsistency;
    expect(createPlanSchema.parse(input).acknowledgedConsistency).toBeUndefined();
  });
});

describe("one table of time units for Backup Interval and Retention Period", () => {
  it("derives the conversions, the ISO durations and their parsing from one table", () => {
    expect(daysPerRetentionUnit).toEqual({ days: 1, weeks: 7, months: 30, years: 365 });
    for (const unit of intervalUnits) {
      const interval = { value: 3, unit };
      expect(parseIsoDuration(isoDuration(interval))).toEqual(interval);
      expect(intervalSeconds(interval)).toBe(3 * TIME_UNITS[unit].seconds);
      expect(parseHbrSchedule(hbrSchedule("2026-12-01T02:00:00Z", interval))).toEqual({ startTime: "2026-12-01T02:00:00Z", interval });
    }
    expect(parseIsoDuration("P1Y")).toEqual({ value: 1, unit: "years" });
    expect(parseIsoDuration("P1DT2H")).toBeNull();
    expect(parseHbrSchedule("I|1796176800|P1M")).toBeNull(); // a month is a Retention Period unit, not a Backup Interval
    expect(timeAmountText({ value: 1, unit: "hours" })).toBe("1 hour");
    expect(timeAmountText({ value: 2, unit: "weeks" })).toBe("2 weeks");
  });
});
