import { z } from "zod";
import { auditRangeEnd, auditRangeStart } from "./audit";
import { drillStatuses, drillStatusLabels } from "./drill";
import { consistencyLevels, instanceIdSchema, planJobSchema, regionIdSchema } from "./plan";
import { restoreStatuses, restoreStatusLabels } from "./restore";

// GET /api/jobs and GET /api/jobs/export: every plan's backup jobs in one list, filtered and paged, newest first
// (by the time HBR created the job). The same filters give the CSV.

/** HBR backup job statuses (DescribeBackupJobs2 `Status`) the filter offers. */
export const jobStatuses = ["CREATED", "RUNNING", "CANCELING", "COMPLETE", "PARTIAL_COMPLETE", "FAILED", "CANCELED", "EXPIRED"] as const;
export const jobStatusLabels: Record<(typeof jobStatuses)[number], string> = {
  CREATED: "Created",
  RUNNING: "Running",
  CANCELING: "Canceling",
  COMPLETE: "Complete",
  PARTIAL_COMPLETE: "Partially complete",
  FAILED: "Failed",
  CANCELED: "Canceled",
  EXPIRED: "Expired",
};
/** A job in one of these statuses still moves: the list polls while one is shown. */
export const runningJobStatuses: readonly string[] = ["CREATED", "RUNNING", "CANCELING"];

/** What the list shows: backup jobs (the default), restores, or restore drills. */
export const jobTypes = ["backup", "restore", "drill"] as const;
export type JobType = (typeof jobTypes)[number];
export const jobTypeLabels: Record<JobType, string> = { backup: "Backup", restore: "Restore", drill: "Drill" };

/** Each type's statuses with their labels, in the order the filter offers them. */
export const jobStatusesByType: Record<JobType, Readonly<Record<string, string>>> = {
  backup: jobStatusLabels,
  restore: restoreStatusLabels,
  drill: drillStatusLabels,
};
const anyStatus = [...new Set<string>([...jobStatuses, ...restoreStatuses, ...drillStatuses])] as [string, ...string[]];

/** Whether a row of the type in this status still moves (the list polls while one is shown). */
export function isJobMoving(type: JobType, status: string): boolean {
  if (type === "backup") return runningJobStatuses.includes(status.toUpperCase());
  if (type === "restore") return !["succeeded", "failed", "canceled"].includes(status);
  return status !== "passed" && status !== "failed";
}

/** The consistency filter: a level reached, or "unknown" (no level read yet or one the console does not know). */
export const jobConsistencyFilters = [...consistencyLevels, "unknown"] as const;

export const JOBS_PAGE_SIZE_MAX = 100;

/** A day (YYYY-MM-DD, UTC) or an instant with its offset; `to` as a day includes that whole day. */
const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Enter a date (YYYY-MM-DD) or an ISO 8601 date and time",
});

const jobFilterFields = z.object({
  /** Absent: backup jobs. */
  type: z.enum(jobTypes, { error: "Not a job type" }).optional(),
  status: z.enum(anyStatus, { error: "Not a job status" }).optional(),
  regionId: regionIdSchema.optional(),
  planId: z
    .string()
    .regex(/^plan_[A-Za-z0-9]+$/, "Not a plan id")
    .optional(),
  instanceId: instanceIdSchema.optional(),
  consistency: z.enum(jobConsistencyFilters, { error: "Not a consistency level" }).optional(),
  /** On the job's creation time: from (inclusive) … to (a day includes itself, an instant is exclusive). */
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});
const rangeInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || auditRangeStart(q.from) < auditRangeEnd(q.to);
const rangeError = { message: "The end must not be before the start", path: ["to"] };
const statusOfType = (q: { type?: JobType; status?: string }) => !q.status || q.status in jobStatusesByType[q.type ?? "backup"];
const statusError = { message: "Not a status of this type of job", path: ["status"] };
const consistencyOfBackups = (q: { type?: JobType; consistency?: string }) => !q.consistency || (q.type ?? "backup") === "backup";
const consistencyError = { message: "Only backup jobs have a consistency level", path: ["consistency"] };

/** The filters without paging: what the CSV export takes. */
export const jobFiltersSchema = jobFilterFields.refine(rangeInOrder, rangeError).refine(statusOfType, statusError).refine(consistencyOfBackups, consistencyError);
export type JobFilters = z.infer<typeof jobFiltersSchema>;

export const jobListQuerySchema = jobFilterFields
  .extend({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(JOBS_PAGE_SIZE_MAX).default(20),
  })
  .refine(rangeInOrder, rangeError)
  .refine(statusOfType, statusError)
  .refine(consistencyOfBackups, consistencyError);
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

/** A backup job with the plan it belongs to. */
export const jobRowSchema = planJobSchema.extend({
  type: z.literal("backup"),
  planId: z.string(),
  planName: z.string(),
  regionId: z.string(),
});
export type JobRow = z.infer<typeof jobRowSchema>;

/** A restore or a restore drill, with the plan whose backup point it used (null name: the plan is gone). */
export const otherJobRowSchema = z.object({
  type: z.enum(["restore", "drill"]),
  jobId: z.string(),
  status: z.string(),
  /** 0–100; null when the kind reports none (drills). */
  progress: z.number().int().nullable(),
  regionId: z.string(),
  planId: z.string(),
  planName: z.string().nullable(),
  instanceId: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type OtherJobRow = z.infer<typeof otherJobRowSchema>;

export const anyJobRowSchema = z.discriminatedUnion("type", [jobRowSchema, otherJobRowSchema]);
export type AnyJobRow = z.infer<typeof anyJobRowSchema>;

export const jobListSchema = z.object({
  jobs: z.array(anyJobRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type JobList = z.infer<typeof jobListSchema>;
