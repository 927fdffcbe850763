import { z } from "zod";

// `POST /__emulator/backup-failures`: the next matching backup jobs end FAILED with the given error, as HBR
// reports a failed job in DescribeBackupJobs2 (Status "FAILED", ErrorMessage, CompleteTime, no snapshot).
export const backupFailureSchema = z.object({
  /** only jobs of this ECS instance; any instance when absent */
  instanceId: z.string().min(1).optional(),
  /** only jobs in this region; any region when absent */
  regionId: z.string().min(1).optional(),
  /** how many jobs fail (each matching job that ends uses one) */
  count: z.number().int().positive().max(1000).default(1),
  errorMessage: z.string().min(1).max(500).default("UDM_ECS.BackupFailed: the backup client reported an error"),
});
export type BackupFailure = z.infer<typeof backupFailureSchema> & { used: number };

export class BackupFailures {
  private list: BackupFailure[] = [];

  add(failure: z.infer<typeof backupFailureSchema>) {
    this.list.push({ ...failure, used: 0 });
  }

  all(): BackupFailure[] {
    return this.list.map((f) => ({ ...f }));
  }

  clear() {
    this.list = [];
  }

  /** The error a job of `instanceId` in `regionId` that ends now fails with, using one of its failure's count; null = none. */
  take(regionId: string, instanceId: string): string | null {
    const found = this.list.find((f) => f.used < f.count && (!f.regionId || f.regionId === regionId) && (!f.instanceId || f.instanceId === instanceId));
    if (!found) return null;
    found.used++;
    if (found.used >= found.count) this.list = this.list.filter((f) => f !== found);
    return found.errorMessage;
  }
}
