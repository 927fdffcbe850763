import { z } from "zod";

// GET /api/audit: who did what and when, with the before/after of every change. The events are written in the
// same transaction as the change (lib/server/audit/record-audit.ts); this is the read side.

/** Actions written today, with their labels; an action not listed here is still listed and shown as written. */
export const auditActionLabels: Readonly<Record<string, string>> = {
  "user.create": "User created",
  "user.update": "User changed",
  "plan.create": "Plan created",
  "plan.delete": "Plan deletion requested",
  "plan.deleted": "Plan deleted in HBR",
  "plan.retry": "Plan retried",
  "plan.pause": "Plan paused",
  "plan.resume": "Plan resumed",
  "plan.run_now": "Backup run now",
  "policy.create": "Backup policy created",
  "policy.update": "Backup policy changed",
  "policy.delete": "Backup policy deleted",
  "instance.fix_ram_role": "RAM role fix run",
  "instance.install_cloud_assistant": "Cloud Assistant install run",
  "instance.upload_scripts": "Scripts uploaded",
  "instance.dry_run": "Script dry run",
  "alert_rules.update": "Alert rules changed",
  "alert_channel.create": "Alert channel added",
  "alert_channel.update": "Alert channel turned on or off",
  "alert_channel.delete": "Alert channel deleted",
  "alert_channel.test": "Alert channel test sent",
};
export const auditActions = Object.keys(auditActionLabels);
export const auditActionLabel = (action: string) => auditActionLabels[action] ?? action;

export const auditTargetTypeLabels: Readonly<Record<string, string>> = { user: "User", plan: "Plan", policy: "Backup policy", instance: "Instance", alert_rule: "Alert rule", alert_channel: "Alert channel" };
export const auditTargetTypes = Object.keys(auditTargetTypeLabels);

export const AUDIT_PAGE_SIZE_MAX = 100;

/** A day (YYYY-MM-DD, UTC) or an instant with its offset; `to` as a day includes that whole day. */
const auditInstantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Enter a date (YYYY-MM-DD) or an ISO 8601 date and time",
});

export const auditListQuerySchema = z
  .object({
    /** A user id (exact) or part of the actor's email (any case). */
    actor: z.string().trim().min(1).max(254).optional(),
    action: z
      .string()
      .regex(/^[a-z_]+\.[a-z_]+$/, "Not an audit action")
      .optional(),
    targetType: z
      .string()
      .regex(/^[a-z_]+$/, "Not a target type")
      .optional(),
    targetId: z.string().trim().min(1).max(128).optional(),
    from: auditInstantSchema.optional(),
    to: auditInstantSchema.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).default(20),
  })
  .refine((q) => !q.from || !q.to || auditRangeStart(q.from) < auditRangeEnd(q.to), {
    message: "The end must not be before the start",
    path: ["to"],
  });
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

/** The first instant a `from` value covers. */
export function auditRangeStart(from: string): Date {
  return new Date(from);
}

/** The first instant after what a `to` value covers: a day includes itself, an instant is exclusive. */
export function auditRangeEnd(to: string): Date {
  const end = new Date(to);
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) end.setUTCDate(end.getUTCDate() + 1);
  return end;
}

export const auditActorSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const auditEventSchema = z.object({
  id: z.string(),
  /** When the change committed, UTC ISO 8601. */
  at: z.string(),
  /** Null for changes the system made on its own (e.g. the worker finishing a deletion) or a deleted user. */
  actor: auditActorSchema.nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** What a person calls the target (a user's name or email, a plan's, policy's or instance's name), when known. */
  targetName: z.string().nullable(),
  before: z.json().nullable(),
  after: z.json().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditListSchema = z.object({
  events: z.array(auditEventSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditList = z.infer<typeof auditListSchema>;
