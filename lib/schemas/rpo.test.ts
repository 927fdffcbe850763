import { describe, expect, it } from "vitest";
import { isRpoBreached, rpoDueAt, rpoScheduleOf } from "@/lib/schemas/rpo";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";

const H = 3600_000;
const schedule = { intervalMs: 6 * H, startMs: 0 };

describe("RPO", () => {
  it("is kept while backups arrive every interval", () => {
    expect(isRpoBreached(schedule, [6 * H, 12 * H], 20 * H)).toBe(false);
  });
  it("is breached after a missed run (more than 1.5 intervals since the last success)", () => {
    expect(isRpoBreached(schedule, [6 * H], 15 * H + 1)).toBe(true);
    expect(isRpoBreached(schedule, [6 * H], 15 * H)).toBe(false);
  });
  it("counts from the Start Time before the first backup, and never before it", () => {
    expect(isRpoBreached({ intervalMs: 6 * H, startMs: 100 * H }, [], 50 * H)).toBe(false);
    expect(isRpoBreached({ intervalMs: 6 * H, startMs: 100 * H }, [], 110 * H)).toBe(true);
  });
  it("ignores successes after the moment asked about", () => {
    expect(isRpoBreached(schedule, [6 * H, 30 * H], 20 * H)).toBe(true);
  });
  it("knows the cadence of scheduled plans only", () => {
    const input = defaultPlanInput("cn-shanghai");
    input.backupObjects.instances = [{ instanceId: "i-a", protectAllDisks: true, diskIds: [] }];
    expect(rpoScheduleOf(createPlanSchema.parse(input))).toBeNull();
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: "2030-01-01T00:00:00Z", interval: { value: 2, unit: "days" }, retention: { value: 7, unit: "days" } } };
    expect(rpoScheduleOf(createPlanSchema.parse(input))).toEqual({ intervalMs: 2 * 24 * H, startMs: Date.parse("2030-01-01T00:00:00Z") });
  });

  describe("starts the clock at the first run at or after the plan was made", () => {
    const autoPlan = (startTime: string, interval: { value: number; unit: "hours" | "days" }) => {
      const input = defaultPlanInput("cn-shanghai");
      input.backupObjects.instances = [{ instanceId: "i-a", protectAllDisks: true, diskIds: [] }];
      input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime, interval, retention: { value: 7, unit: "days" } } };
      return createPlanSchema.parse(input);
    };
    it("a Start Time in the past is not a missed run: a new plan is not breached, its RPO is met until 1.5 intervals after its first run", () => {
      const created = new Date("2030-03-01T12:00:00Z");
      const schedule = rpoScheduleOf(autoPlan("2030-01-01T00:00:00Z", { value: 1, unit: "days" }), created)!;
      expect(new Date(schedule.startMs).toISOString()).toBe("2030-03-02T00:00:00.000Z");
      expect(isRpoBreached(schedule, [], created.getTime())).toBe(false);
      expect(rpoDueAt(schedule, null).toISOString()).toBe("2030-03-03T12:00:00.000Z");
    });
    it("a plan starting at 20:00 every 6 hours, made at 07:00, has its first run at 08:00 and is met until 17:00, not 05:00", () => {
      const schedule = rpoScheduleOf(autoPlan("2030-01-09T20:00:00Z", { value: 6, unit: "hours" }), new Date("2030-01-10T07:00:00Z"))!;
      expect(new Date(schedule.startMs).toISOString()).toBe("2030-01-10T08:00:00.000Z");
      expect(rpoDueAt(schedule, null).toISOString()).toBe("2030-01-10T17:00:00.000Z");
    });
    it("a Start Time in the future is the first run", () => {
      const schedule = rpoScheduleOf(autoPlan("2030-01-09T20:00:00Z", { value: 6, unit: "hours" }), new Date("2030-01-01T00:00:00Z"))!;
      expect(new Date(schedule.startMs).toISOString()).toBe("2030-01-09T20:00:00.000Z");
    });
  });
});
