import { z } from "zod";
import { REGION_ID_PATTERN } from "./region-names";
import { consistencyLevels, planStatuses } from "./plan";

// GET /api/dashboard: what a team reviews at a glance, for one region or all.

export const dashboardQuerySchema = z.object({
  regionId: z
    .string()
    .regex(REGION_ID_PATTERN, "Not a region id")
    .optional(),
});

export const dailyBackupsSchema = z.object({
  /** UTC day, YYYY-MM-DD */
  date: z.string(),
  APPLICATION: z.number().int(),
  FILE_SYSTEM: z.number().int(),
  CRASH: z.number().int(),
  FAILED: z.number().int(),
});

export const dashboardSchema = z.object({
  regionId: z.string().nullable(),
  plansByStatus: z.record(z.enum(planStatuses), z.number().int()),
  totalPlans: z.number().int(),
  /** Distinct ECS instances in Active plans. */
  protectedInstances: z.number().int(),
  jobsLast24h: z.object({ succeeded: z.number().int(), failed: z.number().int(), running: z.number().int() }),
  /** Of the backups that finished in the last 30 days, how many reached application consistency. */
  appConsistentLast30d: z.object({ application: z.number().int(), finished: z.number().int(), share: z.number().nullable() }),
  /** Active scheduled plans whose last successful backup is older than their interval allows (missed runs count). */
  rpoBreaches: z.number().int(),
  /** 30 UTC days, oldest first, backups by the consistency they reached (FAILED: jobs that failed). */
  backupsPerDay: z.array(dailyBackupsSchema),
  /** 30 UTC days, oldest first: plans in breach of their RPO at the end of each day. */
  rpoBreachesPerDay: z.array(z.object({ date: z.string(), breaches: z.number().int() })),
  /**
   * Backups of the last 30 days that reached another consistency level than the prerequisite checklist predicted
   * for their instance: how many, and the newest few.
   */
  consistencyMismatches: z.object({
    count: z.number().int(),
    recent: z.array(
      z.object({
        planId: z.string(),
        planName: z.string(),
        regionId: z.string(),
        instanceId: z.string().nullable(),
        jobId: z.string(),
        predictedLevel: z.enum(consistencyLevels),
        consistencyLevel: z.enum(consistencyLevels),
        downgradeReason: z.string().nullable(),
        completedAt: z.string().nullable(),
      }),
    ),
  }),
  /** Active plans whose every instance passed a restore drill in the last 30 days, of all active plans. */
  verifiedRestorable: z.object({ verified: z.number().int(), active: z.number().int() }),
  generatedAt: z.string(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
