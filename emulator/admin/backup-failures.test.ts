import { describe, expect, it } from "vitest";
import { admin, hbrClient, startTestEmulator } from "../testing/clients.ts";

describe("POST /__emulator/backup-failures", () => {
  it("makes the next matching backup job end FAILED with the error, as DescribeBackupJobs2 reports it; later ones succeed", async () => {
    const emu = await startTestEmulator();
    try {
      const hbr = hbrClient(emu, "ap-southeast-1");
      expect(await admin(emu, "backup-failures", "POST", { count: 0 })).toMatchObject({ error: "BadRequest" });
      await admin(emu, "backup-failures", "POST", { instanceId: "i-t4ndemo000000001", count: 1, errorMessage: "Disk snapshot quota exceeded" });
      const job = async (instanceId: string) => (await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: instanceId })).JobId as string;
      const failed = await job("i-t4ndemo000000001");
      const other = await job("i-t4ndemo000000002");
      await admin(emu, "clock/advance", "POST", { seconds: 3600 });
      const read = async (jobId: string) => (await hbr("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": jobId })).BackupJobs.BackupJob[0];
      expect(await read(failed)).toMatchObject({ Status: "FAILED", ErrorMessage: "Disk snapshot quota exceeded" });
      expect((await read(failed)).CompleteTime).toBeGreaterThan(0);
      expect(await read(other)).toMatchObject({ Status: "COMPLETE", ErrorMessage: "" });
      // The count is used up: the next job of the same instance completes.
      expect((await admin(emu, "backup-failures", "GET")).backupFailures).toEqual([]);
      const again = await job("i-t4ndemo000000001");
      await admin(emu, "clock/advance", "POST", { seconds: 3600 });
      expect(await read(again)).toMatchObject({ Status: "COMPLETE" });
    } finally {
      await emu.stop();
    }
  });
});
