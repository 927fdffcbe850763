import { describe, expect, it } from "vitest";
import { hostNameOf, restoredNameOf } from "@/lib/client/restores";
import { hostNameSchema, restoredNameSchema, type BackupPoint } from "@/lib/schemas/restore";

const point = (instanceName: string | null, instanceId = "i-bp1demo000000005"): BackupPoint => ({
  backupJobId: "job_1",
  planId: "plan_1",
  planName: "p",
  instanceId,
  instanceName,
  regionId: "cn-hangzhou",
  hbrSnapshotId: "s-1",
  createdAt: "2026-12-07T06:00:00.000Z",
  expiresAt: null,
  consistencyLevel: "CRASH",
  downgradeReason: null,
  replicaRegionId: null,
  diskIds: [],
});

// The dialog's default instance and host names must pass the schema the server checks, whatever the source is called.
describe("default names of a restored instance", () => {
  it.each([
    ["web-1", "web-1-restored", "web-1-restored"],
    ["1st db (prod)", "restored-1st-db--prod-", "restored-1st-db-prod"],
    ["数据库", "数据库-restored", "restored"],
    [null, "i-bp1demo000000005-restored", "i-bp1demo000000005-restored"],
    ["x".repeat(128), `${"x".repeat(119)}-restored`, "x".repeat(64)],
  ])("%s → %s, host %s", (name, expectedName, expectedHost) => {
    const restored = restoredNameOf(point(name));
    expect(restored).toBe(expectedName);
    expect(restoredNameSchema.safeParse(restored).success).toBe(true);
    const host = hostNameOf(restored);
    expect(host).toBe(expectedHost);
    expect(hostNameSchema.safeParse(host).success).toBe(true);
  });
});
