import "server-only";

// HBR has no ClientToken: every resource the console creates carries a marker with the plan id (in a name or a
// description HBR keeps), so a retry looks it up before creating anything, and the console knows its own.

export const planMarker = (planId: string) => `hbr-console:${planId}`;
/** ≤ 64 characters, as HBR's PlanName/JobName allow. */
export const instanceMarker = (planId: string, instanceId: string) => `hbr-console-${planId}-${instanceId}`.slice(0, 64);
/** Jobs the console names (a Manual Backup plan's, and Run backup now of one) belong to the plan or action in their name. */
export const isConsoleNamedJob = (job: { jobName?: string }) => Boolean(job.jobName?.startsWith("hbr-console-"));
