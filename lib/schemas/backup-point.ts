// How the console follows a backup job (the worker, and the plan page that shows it), in one place.
//
// While a job runs it is read every JOB_FOLLOW_EVERY_S. Once HBR reports it finished, its backup point (the HBR
// snapshot, with the consistency level it reached) is read in the same pass and recorded in the same write as the
// finished status; HBR may list the snapshot a little after the job, so a finished job whose backup point is not
// listed yet is read again every JOB_FOLLOW_EVERY_S until it is, for at most BACKUP_POINT_WAIT_S after the job
// finished. The plan page keeps polling for as long.

/** Seconds between two reads of a plan's running jobs, and of a finished job whose backup point is not read yet. */
export const JOB_FOLLOW_EVERY_S = 2;

/** Seconds after a job finished during which its backup point is still looked for. */
export const BACKUP_POINT_WAIT_S = 300;

/** HBR backup job statuses (DescribeBackupJobs2 `Status`) that mean the job made a backup point. */
export const SUCCEEDED_JOB_STATUSES = ["COMPLETE", "PARTIAL_COMPLETE"] as const;
/** HBR backup job statuses that will not change any more; anything else is still moving. */
export const FINISHED_JOB_STATUSES = [...SUCCEEDED_JOB_STATUSES, "FAILED", "CANCELED", "EXPIRED"] as const;

const SUCCEEDED: ReadonlySet<string> = new Set(SUCCEEDED_JOB_STATUSES);
const FINISHED: ReadonlySet<string> = new Set(FINISHED_JOB_STATUSES);
export const isSucceededJobStatus = (status: string) => SUCCEEDED.has(status.toUpperCase());
export const isFinishedJobStatus = (status: string) => FINISHED.has(status.toUpperCase());

/**
 * Whether a job finished with a backup point the console has not read yet and is still looking for: it succeeded,
 * its consistency level is not read yet (not settled as unknown either), and it finished less than BACKUP_POINT_WAIT_S ago (or HBR gave no finish time).
 */
export function awaitsBackupPoint(
  job: { status: string; consistencyLevel: string | null; consistencyRaw?: string | null; completedAt: Date | string | null },
  now: number = Date.now(),
): boolean {
  // consistencyRaw set: the backup point was read and its level is settled as unknown (HBR reported one the console
  // does not know); nothing more to look for.
  if (!isSucceededJobStatus(job.status) || job.consistencyLevel || (job.consistencyRaw !== undefined && job.consistencyRaw !== null)) return false;
  if (job.completedAt === null) return true;
  return now - new Date(job.completedAt).getTime() < BACKUP_POINT_WAIT_S * 1000;
}
