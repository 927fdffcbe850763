import { z } from "zod";
import { labels } from "./labels";
import {
  instanceIdSchema,
  intervalSchema,
  newPolicySchema,
  parseHbrSchedule,
  replicationSchema,
  retentionSchema,
  startTimeSchema,
  type Retention,
} from "./plan";
import { regionParamsSchema } from "./regions";

// Policy Center: the region's policy list, one form schema for the create/edit dialog (react-hook-form) and for
// POST/PUT /api/regions/:regionId/policies[/:policyId], and the views the API answers with. A policy's schedule is
// the same Start Time + Backup Interval + Retention Period (+ Replication to Other Region) the plan wizard uses.

export const policySummarySchema = z.object({
  policyId: z.string(),
  policyName: z.string(),
  /** e.g. "Every 1 day from 2026-12-01 02:00 UTC, keep 7 days" */
  scheduleText: z.string(),
  schedule: z.string().nullable(),
  retentionDays: z.number().nullable(),
  replicationRegionId: z.string().nullable(),
  bindingCount: z.number().int(),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;
export const policyListSchema = z.object({ policies: z.array(policySummarySchema) });

export const policyIdSchema = z.string().regex(/^po-[A-Za-z0-9]+$/, "Not a backup policy id");
export const policyParamsSchema = regionParamsSchema.extend({ policyId: policyIdSchema });

/** Bound instances an edit may acknowledge at once; far above what one policy protects. */
export const MAX_ACKNOWLEDGED_INSTANCES = 1000;

/** The Create policy / Edit policy form: HBR gets a BACKUP rule and, when on, a REPLICATION rule from it. */
export const policyFormSchema = z.object({
  policyName: newPolicySchema.shape.policyName,
  startTime: startTimeSchema,
  interval: intervalSchema,
  retention: retentionSchema,
  replication: replicationSchema,
});
export type PolicyFormInput = z.input<typeof policyFormSchema>;
export type PolicyForm = z.infer<typeof policyFormSchema>;

export const createPolicySchema = policyFormSchema;

/**
 * An edit: the form, plus the bound instances the admin was shown before saving. When sent and the policy's
 * bindings differ by then, the edit is refused (409) with the instances bound now, so nobody changes the schedule
 * of an instance they were not told about.
 */
export const updatePolicySchema = policyFormSchema.extend({
  acknowledgedInstanceIds: z
    .array(instanceIdSchema)
    .max(MAX_ACKNOWLEDGED_INSTANCES, `At most ${MAX_ACKNOWLEDGED_INSTANCES} instances`)
    .optional(),
});
export type UpdatePolicyInput = z.input<typeof updatePolicySchema>;

/** The fieldErrors key under which a 409 lists the instances still bound to the policy, one entry each. */
export const BOUND_INSTANCES_FIELD = "boundInstances";

export const boundInstanceSchema = z.object({
  instanceId: z.string(),
  /** null when ECS no longer lists the instance (released, or in another region). */
  instanceName: z.string().nullable(),
  status: z.string().nullable(),
  /** Protection of this instance is paused (the binding is disabled in HBR). */
  disabled: z.boolean(),
  boundAt: z.string().nullable(),
});
export type BoundInstance = z.infer<typeof boundInstanceSchema>;

export const policyRuleViewSchema = z.object({
  ruleId: z.string().nullable(),
  /** BACKUP, REPLICATION, TRANSITION or TAG, as HBR writes it. */
  ruleType: z.string(),
  schedule: z.string().nullable(),
  /** e.g. "Every 1 day from 2026-12-01 02:00 UTC" */
  scheduleText: z.string().nullable(),
  retentionDays: z.number().nullable(),
  replicationRegionId: z.string().nullable(),
});
export type PolicyRuleView = z.infer<typeof policyRuleViewSchema>;

export const policyDetailSchema = policySummarySchema.extend({
  regionId: z.string(),
  policyDescription: z.string(),
  policyType: z.string(),
  /** The protection plan whose worker created this policy, if any. */
  planId: z.string().nullable(),
  replicationRetentionDays: z.number().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  rules: z.array(policyRuleViewSchema),
  /** Every instance bound to the policy (all pages of DescribePolicyBindings), with its ECS name and status. */
  boundInstances: z.array(boundInstanceSchema),
});
export type PolicyDetail = z.infer<typeof policyDetailSchema>;

export const policyUpdateResultSchema = z.object({
  policy: policyDetailSchema,
  /** The bound instances that follow the new rules. */
  affectedInstances: z.array(boundInstanceSchema),
});
export type PolicyUpdateResult = z.infer<typeof policyUpdateResultSchema>;

/** "sg-policy-app-1 (i-t4n…)", or the id alone when ECS does not know the instance. */
export const boundInstanceLabel = (i: Pick<BoundInstance, "instanceId" | "instanceName">) =>
  i.instanceName ? `${i.instanceName} (${i.instanceId})` : i.instanceId;

export const affectedInstancesText = (n: number) =>
  `${n} ${n === 1 ? "instance" : "instances"} will follow the new schedule`;

/**
 * A retention HBR reports. HBR keeps days alone, so the unit the admin chose is not known: it is shown and edited
 * as days (14 → 14 days, 365 → 365 days), never converted to a larger unit the admin may not have picked, which
 * would turn an entry of "14 days" into "2 weeks (14 days)". Where the console keeps the unit (a plan's own
 * settings, the form being edited), that unit is shown.
 */
export function retentionOfDays(days: number): Retention {
  return { value: days, unit: "days" };
}

const DEFAULT_RETENTION: Retention = { value: 7, unit: "days" };

/**
 * The edit form's values for a policy. A schedule the form cannot express (a crontab `C|…` one) starts from
 * `fallbackStartTime` and a daily interval; saving replaces it.
 */
export function policyFormValuesOf(policy: PolicyDetail, fallbackStartTime: string): PolicyFormInput {
  const schedule = policy.schedule ? parseHbrSchedule(policy.schedule) : null;
  return {
    policyName: policy.policyName,
    startTime: schedule?.startTime ?? fallbackStartTime,
    interval: schedule?.interval ?? { value: 1, unit: "days" },
    retention: policy.retentionDays ? retentionOfDays(policy.retentionDays) : DEFAULT_RETENTION,
    replication: policy.replicationRegionId
      ? {
          enabled: true,
          destinationRegionId: policy.replicationRegionId,
          retention: policy.replicationRetentionDays ? retentionOfDays(policy.replicationRetentionDays) : DEFAULT_RETENTION,
        }
      : { enabled: false },
  };
}

/** Why Auto Backup has no policies in a region, for the empty state and the API's refusal. */
export const noPoliciesInRegionText = (regionName: string) =>
  `${regionName} does not support backup policies: Auto Backup there uses a backup plan per instance (${labels.startTime} + ${labels.backupInterval} + ${labels.retentionPeriod}) instead.`;
