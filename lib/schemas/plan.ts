import { z } from "zod";
import { REGION_ID_PATTERN } from "./region-names";
import { labels } from "./labels";

// One set of schemas for the wizard (browser) and POST /api/plans (server). Rules that need live cloud data
// (instances exist and are not bound elsewhere, disks belong to their instance, policy support of the region)
// are checked on the server against the cloud; everything that can be decided from the input is decided here.

/** "You can associate up to 99 ECS instances with a backup policy." */
export const MAX_INSTANCES_PER_PLAN = 99;
/** HBR's Retention bounds, in days. */
export const MAX_RETENTION_DAYS = 364_635;
export const DEFAULT_FREEZE_TIMEOUT_S = 30;
export const MAX_FREEZE_TIMEOUT_S = 600;
/** Paths and role the seed prescribes for application-consistent backup. */
export const PRE_SCRIPT_PATH = "/tmp/prescript.sh";
export const POST_SCRIPT_PATH = "/tmp/postscript.sh";
export const SCRIPT_MODE = "700";
export const APP_SNAPSHOT_ROLE = "AppSnapshotRoleName";
export const APP_SNAPSHOT_POLICY = "AppSnapshotPolicy";
/** Regions where HBR offers application-consistent backup: Singapore and China (Hong Kong). */
export const APP_CONSISTENT_REGIONS = ["ap-southeast-1", "cn-hongkong"] as const;

export const regionIdSchema = z.string().regex(REGION_ID_PATTERN, "Choose a region");
export const instanceIdSchema = z.string().regex(/^i-[A-Za-z0-9]+$/, "Not an ECS instance id");
export const diskIdSchema = z.string().regex(/^d-[A-Za-z0-9]+$/, "Not a disk id");

/**
 * The one table of the time units of Backup Interval and Retention Period: their size, their letter in an ISO 8601
 * duration (HBR writes intervals as `PT<n>H`, `P<n>D`, `P<n>W`) and their name. HBR counts a month as 30 days and
 * a year as 365. The unit lists, conversions, ISO durations, the parser and the words below all derive from it.
 */
export const TIME_UNITS = {
  hours: { seconds: 3_600, iso: "H", one: "hour" },
  days: { seconds: 86_400, iso: "D", one: "day" },
  weeks: { seconds: 7 * 86_400, iso: "W", one: "week" },
  months: { seconds: 30 * 86_400, iso: "M", one: "month" },
  years: { seconds: 365 * 86_400, iso: "Y", one: "year" },
} as const;
export type TimeUnit = keyof typeof TIME_UNITS;
const unitsWhere = <U extends TimeUnit>(units: readonly U[], size: (u: U) => number) => Object.fromEntries(units.map((u) => [u, size(u)])) as Record<U, number>;

/** `PT6H` → 6 hours, `P2W` → 2 weeks, `P1Y` → 1 year; null for any other form. */
export function parseIsoDuration(duration: string): { value: number; unit: TimeUnit } | null {
  const m = /^P(?:T(\d+)H|(\d+)([DWMY]))$/.exec(duration);
  if (!m) return null;
  if (m[1]) return { value: Number(m[1]), unit: "hours" };
  const unit = (Object.keys(TIME_UNITS) as TimeUnit[]).find((u) => TIME_UNITS[u].iso === m[3])!;
  return { value: Number(m[2]), unit };
}

/** 1 hour, 2 weeks. */
export const timeAmountText = ({ value, unit }: { value: number; unit: TimeUnit }) => `${value} ${value === 1 ? TIME_UNITS[unit].one : unit}`;

// Retention Period: number + days/weeks/months/years, converted to HBR's days.
export const retentionUnits = ["days", "weeks", "months", "years"] as const;
export const daysPerRetentionUnit = unitsWhere(retentionUnits, (u) => TIME_UNITS[u].seconds / 86_400);
export const retentionSchema = z
  .object({
    value: z.number({ error: "Enter a number" }).int("Enter a whole number").min(1, "At least 1"),
    unit: z.enum(retentionUnits),
  })
  .refine((r) => r.value * daysPerRetentionUnit[r.unit] <= MAX_RETENTION_DAYS, {
    message: `At most ${MAX_RETENTION_DAYS.toLocaleString("en-US")} days`,
    path: ["value"],
  });
export type Retention = z.infer<typeof retentionSchema>;
export const retentionDays = (r: Retention) => r.value * daysPerRetentionUnit[r.unit];

// Backup Interval: number + hours/days/weeks, sent to HBR as an ISO 8601 duration.
export const intervalUnits = ["hours", "days", "weeks"] as const;
const secondsPerIntervalUnit = unitsWhere(intervalUnits, (u) => TIME_UNITS[u].seconds);
export const intervalSchema = z.object({
  value: z.number({ error: "Enter a number" }).int("Enter a whole number").min(1, "At least 1").max(999, "At most 999"),
  unit: z.enum(intervalUnits),
});
export type Interval = z.infer<typeof intervalSchema>;
export const intervalSeconds = (i: Interval) => i.value * secondsPerIntervalUnit[i.unit];
export const isoDuration = (i: Interval) => (i.unit === "hours" ? `PT${i.value}H` : `P${i.value}${TIME_UNITS[i.unit].iso}`);

/** Start Time: an instant to the second, stored as UTC ISO 8601 (the browser converts from the user's zone). */
export const startTimeSchema = z.iso.datetime({ message: "Enter a date and time", offset: false });

/** HBR's schedule string: first run at the start time, then every interval. */
export function hbrSchedule(startTime: string, interval: Interval): string {
  return `I|${Math.floor(Date.parse(startTime) / 1000)}|${isoDuration(interval)}`;
}

/** Start and interval of an HBR `I|<unix seconds>|<ISO 8601 duration>` schedule, or null for other forms (crontab). */
export function parseHbrSchedule(schedule: string): { startTime: string; interval: Interval } | null {
  const m = /^I\|(\d+)\|(P\w+)$/.exec(schedule);
  const every = m ? parseIsoDuration(m[2]!) : null;
  if (!m || !every || !(intervalUnits as readonly string[]).includes(every.unit)) return null;
  const start = m[1];
  const interval = every as Interval;
  return { startTime: new Date(Number(start) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"), interval };
}

/** The next `count` run times of a schedule at or after `from` (runs never backfill). */
export function nextRunTimes(startTime: string, interval: Interval, count = 5, from: Date = new Date()): Date[] {
  const start = Date.parse(startTime);
  const step = intervalSeconds(interval) * 1000;
  const first = start >= from.getTime() ? start : start + Math.ceil((from.getTime() - start) / step) * step;
  return Array.from({ length: count }, (_, i) => new Date(first + i * step));
}

/** Beyond this, a Start Time is probably a typo (a year off): the wizard warns. */
export const FAR_START_TIME_MS = 365 * 86_400_000;

export const startTimeInPastWarning = `${labels.startTime} is in the past: missed runs are not made up, so the first backup runs at the next time on this schedule (see the runs below).`;
export const startTimeFarWarning = `${labels.startTime} is more than a year away: no backup runs until then.`;
export const retentionBelowIntervalWarning = `${labels.retentionPeriod} is shorter than the ${labels.backupInterval}: each backup expires before the next one is made, so for part of every interval there is no backup to restore.`;

export interface ScheduleWarnings {
  startTime?: string;
  retention?: string;
}

/**
 * What is allowed but probably not meant in a schedule, keyed by the field it concerns: a Start Time in the past
 * or more than a year ahead, a Retention Period shorter than the Backup Interval. Warnings only: the API takes
 * such a schedule. Parts not (yet) valid give no warning; the schema reports them.
 */
export function scheduleWarnings(schedule: { startTime?: unknown; interval?: unknown; retention?: unknown }, now: Date = new Date()): ScheduleWarnings {
  const warnings: ScheduleWarnings = {};
  const start = startTimeSchema.safeParse(schedule.startTime);
  if (start.success) {
    const ms = Date.parse(start.data);
    if (ms < now.getTime()) warnings.startTime = startTimeInPastWarning;
    else if (ms - now.getTime() > FAR_START_TIME_MS) warnings.startTime = startTimeFarWarning;
  }
  const interval = intervalSchema.safeParse(schedule.interval);
  const retention = retentionSchema.safeParse(schedule.retention);
  if (interval.success && retention.success && retentionDays(retention.data) * 86_400 < intervalSeconds(interval.data)) {
    warnings.retention = retentionBelowIntervalWarning;
  }
  return warnings;
}

// Step 1 — Backup Objects
export const planInstanceSchema = z
  .object({
    instanceId: instanceIdSchema,
    /** On by default: disks attached later are protected too. */
    protectAllDisks: z.boolean(),
    diskIds: z.array(diskIdSchema),
  })
  .refine((i) => i.protectAllDisks || i.diskIds.length > 0, {
    message: `Select at least one disk, or turn on ${labels.protectAllDisks}`,
    path: ["diskIds"],
  });
export type PlanInstanceInput = z.infer<typeof planInstanceSchema>;

export const tooManyInstancesMessage = `You can associate up to ${MAX_INSTANCES_PER_PLAN} ECS instances with a backup policy`;
export const backupObjectsSchema = z.object({
  instances: z
    .array(planInstanceSchema)
    .min(1, "Select at least one ECS instance")
    .max(MAX_INSTANCES_PER_PLAN, tooManyInstancesMessage)
    .refine((list) => new Set(list.map((i) => i.instanceId)).size === list.length, "Each instance can be selected once"),
});

// Step 2 — Backup Mode
export const newPolicySchema = z.object({
  kind: z.literal("newPolicy"),
  policyName: z
    .string()
    .trim()
    .min(1, "Enter a policy name")
    .max(64, "At most 64 characters")
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._:-]*$/u, "Letters, digits, spaces and . _ : - only; start with a letter or digit"),
  startTime: startTimeSchema,
  interval: intervalSchema,
  retention: retentionSchema,
});
export const existingPolicySchema = z.object({
  kind: z.literal("existingPolicy"),
  policyId: z.string().regex(/^po-[A-Za-z0-9]+$/, "Choose a backup policy"),
});
/** Regions without backup policies: a backup plan per instance. */
export const backupPlanScheduleSchema = z.object({
  kind: z.literal("plan"),
  startTime: startTimeSchema,
  interval: intervalSchema,
  retention: retentionSchema,
});
export const autoScheduleSchema = z.discriminatedUnion("kind", [existingPolicySchema, newPolicySchema, backupPlanScheduleSchema]);
export type AutoSchedule = z.infer<typeof autoScheduleSchema>;

export const backupModeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("manual"), retention: retentionSchema }),
  z.object({ mode: z.literal("auto"), schedule: autoScheduleSchema }),
]);
export type BackupMode = z.infer<typeof backupModeSchema>;
export const backupModeLabels = { manual: labels.manualBackup, auto: labels.autoBackup } as const;

// Step 3 — Application Consistency
export const appConsistencySchema = z.object({
  enabled: z.boolean(),
  /** Advanced: Linux file-system freeze. */
  enableFsFreeze: z.boolean(),
  freezeTimeoutSeconds: z
    .number({ error: "Enter a number" })
    .int("Enter a whole number")
    .min(1, "At least 1 second")
    .max(MAX_FREEZE_TIMEOUT_S, `At most ${MAX_FREEZE_TIMEOUT_S} seconds`),
});
export const appConsistencySingleInstanceMessage = `${labels.appConsistentBackup} is available only when exactly one ECS instance is selected`;

// Step 4 — Replication
export const replicationSchema = z
  .object({
    enabled: z.boolean(),
    destinationRegionId: regionIdSchema.optional(),
    retention: retentionSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.enabled) return;
    if (!r.destinationRegionId) ctx.addIssue({ code: "custom", path: ["destinationRegionId"], message: `Choose a ${labels.destinationRegion}` });
    if (!r.retention) ctx.addIssue({ code: "custom", path: ["retention"], message: `Enter a ${labels.retentionPeriod} for the copies` });
  });
export type ReplicationInput = z.input<typeof replicationSchema>;

/** An existing policy brings its own rules; changing them would change every instance bound to it. */
export const existingPolicyReplicationMessage = `The chosen policy's own rules decide replication; change them in ${labels.policyCenter}`;

export const planNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a plan name")
  .max(64, "At most 64 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._:-]*$/u, "Letters, digits, spaces and . _ : - only; start with a letter or digit");

/** The whole plan: what POST /api/plans accepts and the wizard submits on OK. */
export const createPlanSchema = z
  .object({
    name: planNameSchema,
    regionId: regionIdSchema,
    backupObjects: backupObjectsSchema,
    backupMode: backupModeSchema,
    appConsistency: appConsistencySchema,
    replication: replicationSchema,
    /**
     * The admin accepts that, with Application Consistent Backup on, the backup will be less than application
     * consistent. Needed only when the server's live prediction is below APPLICATION (consistencyAckRequired):
     * clients that never send it keep working for instances that meet every prerequisite.
     */
    acknowledgedConsistency: z.boolean().optional(),
  })
  .superRefine((plan, ctx) => {
    if (plan.appConsistency.enabled && plan.backupObjects.instances.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["appConsistency", "enabled"], message: appConsistencySingleInstanceMessage });
    }
    if (plan.replication.enabled && plan.backupMode.mode === "auto" && plan.backupMode.schedule.kind === "existingPolicy") {
      ctx.addIssue({ code: "custom", path: ["replication", "enabled"], message: existingPolicyReplicationMessage });
    }
    if (plan.replication.enabled && plan.replication.destinationRegionId === plan.regionId) {
      ctx.addIssue({ code: "custom", path: ["replication", "destinationRegionId"], message: "Choose a region other than the plan's own" });
    }
  });
export type CreatePlanInput = z.input<typeof createPlanSchema>;

/**
 * Whether a plan needs acknowledgedConsistency: Application Consistent Backup is on and the predicted level is
 * below APPLICATION, or not known (null: the checklist has not answered, so nothing better is promised).
 */
export const consistencyAckRequired = (isAppConsistent: boolean, predicted: ConsistencyLevel | null): boolean =>
  isAppConsistent && predicted !== "APPLICATION";

const consistencyWords: Record<ConsistencyLevel, string> = { APPLICATION: "application", FILE_SYSTEM: "file-system", CRASH: "crash" };

/** The acknowledgement the admin ticks on Review; without a prediction below APPLICATION, a general one. */
export function consistencyAckLabel(predicted: ConsistencyLevel | null): string {
  return predicted && predicted !== "APPLICATION"
    ? `I understand this backup will be ${consistencyWords[predicted]}-consistent, not application-consistent`
    : "I understand this backup may not be application-consistent";
}
/** The server's field error at acknowledgedConsistency when a plan needs the acknowledgement and lacks it. */
export function consistencyAckMissingMessage(instanceName: string, predicted: ConsistencyLevel, reason: string): string {
  return `${instanceName} will get a ${consistencyWords[predicted]}-consistent backup, not an application-consistent one (${reason}). Acknowledge this to create the plan anyway.`;
}
export type CreatePlan = z.infer<typeof createPlanSchema>;

/** Defaults of a new plan, as the wizard opens. */
export function defaultPlanInput(regionId: string, now: Date = new Date()): CreatePlanInput {
  const stamp = now.toISOString().slice(0, 16).replace(/\D/g, "");
  return {
    name: `ecs-backup-${regionId}-${stamp}`,
    regionId,
    backupObjects: { instances: [] },
    backupMode: { mode: "manual", retention: { value: 7, unit: "days" } },
    appConsistency: { enabled: false, enableFsFreeze: true, freezeTimeoutSeconds: DEFAULT_FREEZE_TIMEOUT_S },
    replication: { enabled: false },
    acknowledgedConsistency: false,
  };
}

// What the API answers about plans.
export const planStatuses = ["pending", "provisioning", "active", "failed", "deleting"] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const planStatusLabels: Record<PlanStatus, string> = {
  pending: "Pending",
  provisioning: "Provisioning",
  active: "Active",
  failed: "Failed",
  deleting: "Deleting",
};

export const consistencyLevels = ["APPLICATION", "FILE_SYSTEM", "CRASH"] as const;
export type ConsistencyLevel = (typeof consistencyLevels)[number];
/** The value as a consistency level, or null for anything else (a stored or reported text). */
export const consistencyLevelOf = (value: unknown): ConsistencyLevel | null =>
  consistencyLevels.includes(value as ConsistencyLevel) ? (value as ConsistencyLevel) : null;
export const consistencyLabels: Record<ConsistencyLevel, string> = {
  APPLICATION: "Application consistent",
  FILE_SYSTEM: "File system consistent",
  CRASH: "Crash consistent",
};

export const cloudErrorSchema = z.object({ code: z.string(), message: z.string(), requestId: z.string().nullable() });
export type CloudErrorValue = z.infer<typeof cloudErrorSchema>;

export const planStepSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  action: z.string(),
  /** What this step creates or touches, e.g. "policy", "binding:i-…", "plan:i-…", "job:i-…". */
  target: z.string(),
  status: z.enum(["pending", "running", "done", "failed"]),
  cloudId: z.string().nullable(),
  attempts: z.number().int(),
  lastError: cloudErrorSchema.nullable(),
  updatedAt: z.string(),
});
export type PlanStep = z.infer<typeof planStepSchema>;

export const planJobSchema = z.object({
  jobId: z.string(),
  instanceId: z.string().nullable(),
  status: z.string(),
  /** 0–10000, as HBR reports it. */
  progress: z.number().int(),
  bytesDone: z.number().nullable(),
  bytesTotal: z.number().nullable(),
  consistencyLevel: z.enum(consistencyLevels).nullable(),
  /**
   * When the backup point was read but its level is unknown (consistencyLevel null: HBR reported a level the console
   * does not know and the ECS snapshot tags did not tell): HBR's `ConsistentLevel` as reported ("" when absent).
   */
  consistencyRaw: z.string().nullable(),
  downgradeReason: z.string().nullable(),
  snapshotIds: z.array(z.string()),
  replicaRegionId: z.string().nullable(),
  /** The backup point the job made (HBR snapshot id), its size, when it expires. */
  hbrSnapshotId: z.string().nullable(),
  snapshotBytes: z.number().nullable(),
  expiresAt: z.string().nullable(),
  /** The level the ECS snapshot tags report (APPConsistent / FsConsistent); differs from consistencyLevel = flagged. */
  tagConsistencyLevel: z.enum(consistencyLevels).nullable(),
  /** The level the prerequisite checklist predicted when the job ran (application-consistent plans). */
  predictedLevel: z.enum(consistencyLevels).nullable(),
  triggerMode: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type PlanJob = z.infer<typeof planJobSchema>;

export const planInstanceViewSchema = z.object({
  instanceId: z.string(),
  instanceName: z.string(),
  osName: z.string(),
  osType: z.string(),
  protectAllDisks: z.boolean(),
  diskIds: z.array(z.string()),
  /** All disks ESSD in one zone when the plan was made: HBR takes a snapshot-consistent group. */
  snapshotGroup: z.boolean(),
  /** The instance's newest successful backup and the consistency it reached, if any. */
  lastBackupAt: z.string().nullable(),
  lastConsistencyLevel: z.enum(consistencyLevels).nullable(),
});

// Admin actions on a saved plan, carried out by the worker and tracked (pause, resume, run backup now).
export const planActionKinds = ["pause", "resume", "runNow"] as const;
export type PlanActionKind = (typeof planActionKinds)[number];
export const planActionLabels: Record<PlanActionKind, string> = { pause: "Pause", resume: "Resume", runNow: "Run backup now" };
export const planActionStatuses = ["pending", "running", "done", "failed"] as const;
export const planActionSchema = z.object({
  id: z.string(),
  planId: z.string(),
  kind: z.enum(planActionKinds),
  status: z.enum(planActionStatuses),
  /** Instances handled so far, of total. */
  done: z.number().int(),
  total: z.number().int(),
  jobIds: z.array(z.string()),
  lastError: cloudErrorSchema.nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type PlanAction = z.infer<typeof planActionSchema>;
export const planActionRequestSchema = z.object({ kind: z.enum(planActionKinds) });

/** What the action rule needs to know of a plan: the list's summary and the server's locked row both carry it. */
export interface PlanActionTarget {
  name: string;
  status: string;
  mode: string;
  paused: boolean;
  /** A Pause, Resume or Run backup now of the plan is pending or running. */
  hasOpenAction: boolean;
}

/**
 * Why the action does not apply to the plan now, or null when it does. One rule for the bulk confirmation (which
 * counts only the plans it applies to) and the server (which skips the others with this message).
 */
export function planActionRefusal(kind: PlanActionKind, plan: PlanActionTarget): string | null {
  const label = planActionLabels[kind];
  if (plan.status !== "active") return `${label} needs an Active plan; ${plan.name} is ${plan.status}.`;
  if (plan.hasOpenAction) return `${plan.name} is still carrying out an earlier action; wait for it to finish.`;
  if (kind === "pause" || kind === "resume") {
    if (plan.mode !== "auto") return `${plan.name} is a one-off Manual Backup plan: it has no schedule to ${kind}.`;
    if (kind === "pause" && plan.paused) return `${plan.name} is already paused.`;
    if (kind === "resume" && !plan.paused) return `${plan.name} is not paused.`;
  }
  return null;
}
export const MAX_BULK_PLANS = 100;
export const bulkPlanActionRequestSchema = planActionRequestSchema.extend({
  planIds: z
    .array(z.string().regex(/^plan_[A-Za-z0-9]+$/, "Not a plan id"))
    .min(1, "Select at least one plan")
    .max(MAX_BULK_PLANS, `At most ${MAX_BULK_PLANS} plans at once`)
    .refine((ids) => new Set(ids).size === ids.length, "Each plan can be selected once"),
});
export const bulkPlanActionResultSchema = z.object({
  accepted: z.array(planActionSchema),
  /** Plans the action does not apply to, each with the reason. */
  rejected: z.array(z.object({ planId: z.string(), name: z.string().nullable(), message: z.string() })),
});
export type BulkPlanActionResult = z.infer<typeof bulkPlanActionResultSchema>;

export const planSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  regionId: z.string(),
  mode: z.enum(["manual", "auto"]),
  scheduleKind: z.enum(["manual", "newPolicy", "existingPolicy", "plan"]),
  status: z.enum(planStatuses),
  instanceCount: z.number().int(),
  appConsistent: z.boolean(),
  replicationRegionId: z.string().nullable(),
  /** The schedule is suspended in HBR. */
  paused: z.boolean(),
  /** Scheduled plans with a known cadence: whether the newest success is older than 1.5 intervals; else null. */
  rpoBreached: z.boolean().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** A Pause, Resume or Run backup now is pending or running: the list keeps polling until it ends. */
  hasOpenAction: z.boolean(),
  lastError: cloudErrorSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Last verified restorable (restore drills, lib/schemas/drill.ts): when every instance had passed a drill (the
   * oldest of their newest passes) and the slowest RTO; null when not verified. Given by the plans list.
   */
  lastVerified: z.object({ at: z.string(), rtoSeconds: z.number().int() }).nullable().optional(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const planDetailSchema = planSummarySchema.extend({
  config: createPlanSchema,
  retentionDays: z.number().int().nullable(),
  replicationRetentionDays: z.number().int().nullable(),
  policyId: z.string().nullable(),
  instances: z.array(planInstanceViewSchema),
  steps: z.array(planStepSchema),
  jobs: z.array(planJobSchema),
  /** The newest admin actions, newest first. */
  actions: z.array(planActionSchema),
  rpoDueAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type PlanDetail = z.infer<typeof planDetailSchema>;

export const planSortKeys = ["createdAt", "name", "status", "regionId"] as const;
export const planListQuerySchema = z.object({
  regionId: regionIdSchema.optional(),
  status: z.enum(planStatuses).optional(),
  mode: z.enum(["manual", "auto"]).optional(),
  /** "true": plans with Application Consistent Backup on; "false": off. */
  appConsistent: z.enum(["true", "false"]).optional(),
  /** "true": plans with Replication to Other Region on; "false": off. */
  replication: z.enum(["true", "false"]).optional(),
  /** "breached": active, unpaused scheduled plans past their RPO; "ok": the scheduled ones within it. */
  rpo: z.enum(["breached", "ok"]).optional(),
  /** "true": plans whose schedule is paused in HBR. */
  paused: z.enum(["true", "false"]).optional(),
  /** Restore drills: "yes": active plans verified restorable in the last 30 days; "no": active plans that are not. */
  verified: z.enum(["yes", "no"]).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(planSortKeys).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PlanListQuery = z.infer<typeof planListQuerySchema>;
export const planListSchema = z.object({ plans: z.array(planSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const planIdParamsSchema = z.object({ planId: z.string().regex(/^plan_[A-Za-z0-9]+$/, "Not a plan id") });
