import { describe, expect, it } from "vitest";
import { BACKUP_POINT_WAIT_S, FINISHED_JOB_STATUSES, SUCCEEDED_JOB_STATUSES, awaitsBackupPoint, isFinishedJobStatus, isSucceededJobStatus } from "@/lib/schemas/backup-point";

describe("awaitsBackupPoint", () => {
  const now = Date.parse("2026-12-07T04:00:00Z");
  const ago = (s: number) => new Date(now - s * 1000).toISOString();

  it("waits for the level of a job that succeeded, for BACKUP_POINT_WAIT_S after it finished", () => {
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: null, completedAt: ago(1) }, now)).toBe(true);
    expect(awaitsBackupPoint({ status: "PARTIAL_COMPLETE", consistencyLevel: null, completedAt: ago(BACKUP_POINT_WAIT_S - 1) }, now)).toBe(true);
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: null, completedAt: ago(BACKUP_POINT_WAIT_S) }, now)).toBe(false);
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: null, completedAt: null }, now)).toBe(true);
  });

  it("waits for nothing once the level is read, or when the job did not succeed", () => {
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: "APPLICATION", completedAt: ago(1) }, now)).toBe(false);
    expect(awaitsBackupPoint({ status: "FAILED", consistencyLevel: null, completedAt: ago(1) }, now)).toBe(false);
    expect(awaitsBackupPoint({ status: "RUNNING", consistencyLevel: null, completedAt: null }, now)).toBe(false);
  });
});

describe("one list of HBR job statuses", () => {
  it("a job settled with an unknown level (its raw text recorded) is not waited for any more", () => {
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: null, consistencyRaw: "SOMETHING_NEW", completedAt: null })).toBe(false);
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: null, consistencyRaw: "", completedAt: null })).toBe(false);
    expect(awaitsBackupPoint({ status: "COMPLETE", consistencyLevel: null, consistencyRaw: null, completedAt: null })).toBe(true);
  });

  it("every succeeded status is finished; running, created and canceling ones are not; case does not matter", () => {
    for (const s of SUCCEEDED_JOB_STATUSES) expect(FINISHED_JOB_STATUSES).toContain(s);
    for (const s of ["COMPLETE", "partial_complete", "FAILED", "CANCELED", "EXPIRED"]) expect(isFinishedJobStatus(s), s).toBe(true);
    for (const s of ["CREATED", "RUNNING", "CANCELING"]) expect(isFinishedJobStatus(s), s).toBe(false);
    expect(isSucceededJobStatus("complete")).toBe(true);
    expect(isSucceededJobStatus("FAILED")).toBe(false);
  });
});
