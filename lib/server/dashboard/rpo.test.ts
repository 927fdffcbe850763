import { describe, expect, it } from "vitest";
import { isRpoBreached, rpoScheduleOf } from "@/lib/server/dashboard/rpo";
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
});
