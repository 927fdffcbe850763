import { describe, expect, it } from "vitest";
import type { HbrBackupJob } from "@/lib/server/cloud/hbr/hbr-models";
import { pickManualJob } from "@/lib/server/plans/run-plan-action";

const job = (patch: Partial<HbrBackupJob>): HbrBackupJob => ({ jobId: "job-1", sourceType: "UDM_ECS", instanceId: "i-1", status: "RUNNING", progress: 0, createdTime: 1000, ...patch });
const want = { instanceId: "i-1", sinceS: 1000, hbrPlanId: "po-1", isPlanIdStrict: false };

describe("pickManualJob: the manual run an earlier attempt of an action started", () => {
  it("accepts a missing or unknown TriggerMode, refuses a scheduled one", () => {
    expect(pickManualJob([job({ triggerMode: undefined })], want)?.jobId).toBe("job-1");
    expect(pickManualJob([job({ triggerMode: "ON_DEMAND" })], want)?.jobId).toBe("job-1");
    expect(pickManualJob([job({ triggerMode: "MANUAL" })], want)?.jobId).toBe("job-1");
    expect(pickManualJob([job({ triggerMode: "SCHEDULE" })], want)).toBeNull();
  });

  it("matches a policy's job by instance and window, whatever its PlanId, and prefers one naming the policy", () => {
    expect(pickManualJob([job({ planId: undefined })], want)?.jobId).toBe("job-1");
    expect(pickManualJob([job({ jobId: "job-a", planId: "plan-x" }), job({ jobId: "job-b", planId: "po-1" })], want)?.jobId).toBe("job-b");
    expect(pickManualJob([job({ createdTime: 999 })], want)).toBeNull();
    expect(pickManualJob([job({ instanceId: "i-2" })], want)).toBeNull();
    expect(pickManualJob([job({ jobName: "hbr-console-plan_x-i-1" })], want)).toBeNull();
    expect(pickManualJob([job({})], { ...want, otherJobIds: new Set(["job-1"]) })).toBeNull();
  });

  it("for a legacy backup plan, refuses a job whose PlanId names another backup plan", () => {
    const legacy = { ...want, hbrPlanId: "plan-1", isPlanIdStrict: true };
    expect(pickManualJob([job({ planId: "plan-2" })], legacy)).toBeNull();
    expect(pickManualJob([job({ planId: "plan-1" })], legacy)?.jobId).toBe("job-1");
    expect(pickManualJob([job({ planId: undefined })], legacy)?.jobId).toBe("job-1");
  });
});
