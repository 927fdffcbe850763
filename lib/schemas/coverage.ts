import { z } from "zod";
import { instanceOsTypes, instanceStatuses, tagFilterSchema, zoneIdFilterSchema } from "./instances";
import { instanceIdSchema, MAX_INSTANCES_PER_PLAN, regionIdSchema, tooManyInstancesMessage } from "./plan";

// Coverage: is every ECS instance of every region protected? GET /api/coverage pages the worker's inventory
// (lib/server/coverage), GET /api/coverage/matching gives the ids Protect opens the wizard with, and
// GET /api/coverage/summary the dashboard's cards. All of it reads PostgreSQL only: the worker keeps the inventory.

export const coverageStates = ["protected", "atRisk", "paused", "unprotected"] as const;
export type CoverageState = (typeof coverageStates)[number];
export const coverageStateLabels: Record<CoverageState, string> = {
  protected: "Protected",
  atRisk: "At risk",
  paused: "Paused",
  unprotected: "Unprotected",
};

/**
 * Why an instance is in its state (the row also carries the sentence an admin reads).
 * - protected: `plan` (in an active console plan, last backup within its RPO or no RPO known),
 *   `outsidePolicy` / `outsidePlan` (bound to an HBR policy or in an HBR backup plan made outside the console)
 * - atRisk: `rpoBreached`, `lastJobFailed`, `belowPredicted` (last backup below the consistency predicted),
 *   `drillFailed` (the instance's newest restore drill failed), `planFailed` (its plan failed to provision)
 * - paused: `planPaused`, `bindingDisabled` (the HBR binding or backup plan is disabled in the cloud)
 * - unprotected: `noProtection`
 */
export const coverageReasonCodes = [
  "plan",
  "outsidePolicy",
  "outsidePlan",
  "rpoBreached",
  "lastJobFailed",
  "belowPredicted",
  "drillFailed",
  "planFailed",
  "planPaused",
  "bindingDisabled",
  "noProtection",
] as const;
export type CoverageReasonCode = (typeof coverageReasonCodes)[number];

export const coverageSorts = ["name", "state", "region", "lastBackup", "firstSeen"] as const;
export type CoverageSort = (typeof coverageSorts)[number];
export const COVERAGE_PAGE_SIZE_MAX = 100;

const coverageFilterFields = z.object({
  regionId: regionIdSchema.optional(),
  state: z.enum(coverageStates, { error: "Not a coverage state" }).optional(),
  osType: z.enum(instanceOsTypes, { error: "Not an OS type" }).optional(),
  status: z.enum(instanceStatuses, { error: "Not an ECS status" }).optional(),
  zoneId: zoneIdFilterSchema.optional(),
  /** `key` or `key=value`. */
  tag: tagFilterSchema.optional(),
  /** Name or id, part of it (case-insensitive). */
  q: z.string().trim().max(128).optional(),
});
export const coverageFiltersSchema = coverageFilterFields;
export type CoverageFilters = z.infer<typeof coverageFiltersSchema>;

export const coverageQuerySchema = coverageFilterFields.extend({
  sort: z.enum(coverageSorts, { error: "Not a sort column" }).default("name"),
  dir: z.enum(["asc", "desc"], { error: "Sort asc or desc" }).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(COVERAGE_PAGE_SIZE_MAX).default(20),
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageRowSchema = z.object({
  instanceId: z.string(),
  regionId: z.string(),
  name: z.string(),
  status: z.string(),
  osType: z.enum(instanceOsTypes),
  osName: z.string(),
  zoneId: z.string(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  state: z.enum(coverageStates),
  reasonCode: z.enum(coverageReasonCodes),
  /** The sentence an admin reads, e.g. "No backup for 3 h 10 min; the plan expects one every 2 h". */
  reason: z.string(),
  /** The console plan that covers it (null: none, or only protection made outside the console). */
  plan: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Protection made outside the console (Alibaba's console, Terraform): the policy or HBR backup plan. */
  outside: z
    .object({ kind: z.enum(["policy", "plan"]), id: z.string(), name: z.string().nullable() })
    .nullable(),
  lastBackupAt: z.string().nullable(),
  stateSince: z.string(),
  firstSeenAt: z.string(),
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const coverageCountsSchema = z.object(Object.fromEntries(coverageStates.map((s) => [s, z.number().int()])) as Record<CoverageState, z.ZodNumber>);
export type CoverageCounts = z.infer<typeof coverageCountsSchema>;

/** How fresh the inventory is, per region: the last complete pass of the worker's sync. */
export const inventoryFreshnessSchema = z.object({
  regionId: z.string(),
  /** null: never synced yet. */
  syncedAt: z.string().nullable(),
  instances: z.number().int(),
  /** The last pass failed with this cloud message (the previous inventory stays). */
  lastError: z.string().nullable(),
});

export const coveragePageSchema = z.object({
  rows: z.array(coverageRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Instances per state with the other filters applied (the state tabs' counts). */
  counts: coverageCountsSchema,
  regions: z.array(inventoryFreshnessSchema),
});
export type CoveragePage = z.infer<typeof coveragePageSchema>;

/** Protect: the ids of the instances the filters match, up to the 99 a policy takes; one region only. */
export const coverageMatchingQuerySchema = coverageFilterFields.extend({ regionId: regionIdSchema });
export const coverageMatchingSchema = z.object({
  regionId: z.string(),
  instanceIds: z.array(z.string()).max(MAX_INSTANCES_PER_PLAN),
  /** How many matched in all; more than instanceIds.length when the list was cut at 99. */
  total: z.number().int(),
});
export type CoverageMatching = z.infer<typeof coverageMatchingSchema>;

export const coverageSummaryQuerySchema = z.object({ regionId: regionIdSchema.optional() });
export const coverageSummarySchema = z.object({
  regionId: z.string().nullable(),
  total: z.number().int(),
  counts: coverageCountsSchema,
  /** protected / total, 0–100, one decimal; null with no instance. */
  coveragePct: z.number().nullable(),
  /** The oldest region's last complete pass (null: some region never synced). */
  syncedAt: z.string().nullable(),
});
export type CoverageSummary = z.infer<typeof coverageSummarySchema>;

/**
 * The wizard opened from Protect: `/plans/new?region=<id>&instances=i-a,i-b` preselects these instances (the
 * wizard still checks each one live).
 */
export const preselectedInstancesSchema = z
  .string()
  .transform((s) => s.split(",").map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(instanceIdSchema).max(MAX_INSTANCES_PER_PLAN, tooManyInstancesMessage));
