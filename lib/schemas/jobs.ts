import { z } from "zod";
import { auditRangeEnd, auditRangeStart } from "./audit";
import { consistencyLevels, instanceIdSchema, planJobSchema, regionIdSchema } from "./plan";

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

/** The consistency filter: a level reached, or "unknown" (no level read yet or one the console does not know). */
export const jobConsistencyFilters = [...consistencyLevels, "unknown"] as const;

export const JOBS_PAGE_SIZE_MAX = 100;

/** A day (YYYY-MM-DD, UTC) or an instant with its offset; `to` as a day includes that whole day. */
const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Enter a date (YYYY-MM-DD) or an ISO 8601 date and time",
});

const jobFilterFields = z.object({
  status: z.enum(jobStatuses, { error: "Not a backup job status" }).optional(),
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

/** The filters without paging: what the CSV export takes. */
export const jobFiltersSchema = jobFilterFields.refine(rangeInOrder, rangeError);
export type JobFilters = z.infer<typeof jobFiltersSchema>;

export const jobListQuerySchema = jobFilterFields
  .extend({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(JOBS_PAGE_SIZE_MAX).default(20),
  })
  .refine(rangeInOrder, rangeError);
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

/** A backup job with the plan it belongs to. */
export const jobRowSchema = planJobSchema.extend({
  planId: z.string(),
  planName: z.string(),
  regionId: z.string(),
});
export type JobRow = z.infer<typeof jobRowSchema>;

export const jobListSchema = z.object({
  jobs: z.array(jobRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type JobList = z.infer<typeof jobListSchema>;
