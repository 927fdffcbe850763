import { describe, expect, it } from "vitest";
import { isPlanMoving } from "@/lib/client/plans";
import { BACKUP_POINT_WAIT_S } from "@/lib/schemas/backup-point";
import type { PlanDetail, PlanJob } from "@/lib/schemas/plan";

const now = Date.parse("2026-12-07T04:00:00Z");
const planWith = (job: Partial<PlanJob>) =>
  ({ status: "active", actions: [], jobs: [{ status: "COMPLETE", consistencyLevel: null, completedAt: null, ...job }] }) as unknown as PlanDetail;

describe("the plan page keeps polling", () => {
  it("while a job runs, and while a finished job's consistency level is being read, for as long as the worker looks for it", () => {
    expect(isPlanMoving(planWith({ status: "RUNNING" }), now)).toBe(true);
    expect(isPlanMoving(planWith({ completedAt: new Date(now - 1_000).toISOString() }), now)).toBe(true);
    expect(isPlanMoving(planWith({ completedAt: new Date(now - BACKUP_POINT_WAIT_S * 1000).toISOString() }), now)).toBe(false);
  });

  it("not once the level is read, or for a job that failed", () => {
    const completedAt = new Date(now - 1_000).toISOString();
    expect(isPlanMoving(planWith({ completedAt, consistencyLevel: "APPLICATION" }), now)).toBe(false);
    expect(isPlanMoving(planWith({ completedAt, status: "FAILED" }), now)).toBe(false);
  });
});
