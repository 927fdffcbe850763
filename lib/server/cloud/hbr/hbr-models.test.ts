import { describe, expect, it } from "vitest";
import { isBindingDisabled, jobInstanceInfosOf } from "@/lib/server/cloud/hbr/hbr-models";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";

const kit = setUpInventoryEmulator();

describe("jobInstanceInfosOf", () => {
  it("reads the map HBR's model describes, and JSON text of one; anything else is empty", () => {
    const info = { "i-1": { instanceName: "web", diskIds: ["d-1"] } };
    expect(jobInstanceInfosOf({ instanceInfos: info })).toEqual(info);
    expect(jobInstanceInfosOf({ instanceInfos: JSON.stringify(info) })).toEqual(info);
    expect(jobInstanceInfosOf({ instanceInfos: "not json" })).toEqual({});
    expect(jobInstanceInfosOf({ instanceInfos: "[1]" })).toEqual({});
    expect(jobInstanceInfosOf(undefined)).toEqual({});
  });

  it("reads a job's InstanceInfos from the emulator as an object keyed by instance id", async () => {
    const hbr = kit.cloud.hbr("ap-southeast-1");
    const { jobId } = await hbr.createBackupJob({ sourceType: "UDM_ECS", instanceId: demo.sgMysql, backupType: "COMPLETE", detail: {} });
    const res = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", filters: [{ key: "JobId", values: [jobId] }] });
    const detail = res.backupJobs.backupJob[0]?.detail;
    expect(typeof detail?.instanceInfos).toBe("object");
    expect(jobInstanceInfosOf(detail)[demo.sgMysql]).toMatchObject({ instanceName: expect.any(String), platform: "Linux" });
  });
});

describe("isBindingDisabled", () => {
  it("takes the boolean of the model and true/false text", () => {
    expect([true, false, "true", "false", "True", undefined].map((disabled) => isBindingDisabled({ disabled }))).toEqual([true, false, true, false, true, false]);
  });
});
