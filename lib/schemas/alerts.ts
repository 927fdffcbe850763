import { z } from "zod";
import { emailSchema } from "./user";

// Alerts: the worker opens one alert per kind and subject when a rule's condition holds, resolves it when the
// condition clears, and sends each opening and resolution to every enabled channel once (lib/server/alerts).
// API: GET /api/alerts, GET|PUT /api/alerts/rules, GET|POST /api/alerts/channels, PATCH|DELETE
// /api/alerts/channels/{channelId}, POST /api/alerts/channels/{channelId}/test, GET /api/alerts/deliveries.

export const alertKinds = [
  "backupJobFailed",
  "planFailed",
  "rpoBreached",
  "belowPredicted",
  "instanceUnprotected",
  "restoreFailed",
  "drillFailed",
] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertKindLabels: Record<AlertKind, string> = {
  backupJobFailed: "Backup job failed",
  planFailed: "Plan failed",
  rpoBreached: "RPO breached",
  belowPredicted: "Backup below the predicted consistency",
  instanceUnprotected: "Instance unprotected",
  restoreFailed: "Restore failed",
  drillFailed: "Restore drill failed",
};

export const alertKindDescriptions: Record<AlertKind, string> = {
  backupJobFailed: "A plan's newest backup job failed. Resolved by the next successful backup.",
  planFailed: "A plan could not be provisioned in HBR (or its deletion failed). Resolved when it is Active again.",
  rpoBreached: "An active scheduled plan has no successful backup within 1.5 Backup Intervals. Resolved by a backup.",
  belowPredicted: "A backup reached a lower consistency level than the checklist predicted. Resolved by a backup that reaches it.",
  instanceUnprotected:
    "An ECS instance that lost its protection, or appeared after the console's first look at its region, has had no plan and no HBR binding for longer than the threshold.",
  restoreFailed: "A restore failed. Resolved when it is retried successfully.",
  drillFailed: "A plan's newest restore drill failed. Resolved by a drill that passes.",
};

/** What a rule says when no admin has changed it: every rule on; an instance may stay unprotected 24 h. */
export const DEFAULT_UNPROTECTED_HOURS = 24;
export const alertRuleSchema = z.object({
  kind: z.enum(alertKinds),
  enabled: z.boolean(),
  /** instanceUnprotected only: hours (0–720) an instance may stay unprotected before it alerts. */
  thresholdHours: z.number().int().nullable(),
  /** null: the default, never changed. */
  updatedAt: z.string().nullable(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;
export const alertRulesSchema = z.object({ rules: z.array(alertRuleSchema) });

export const updateAlertRulesSchema = z.object({
  rules: z
    .array(
      z.object({
        kind: z.enum(alertKinds, { error: "Not an alert rule" }),
        enabled: z.boolean({ error: "Choose on or off" }),
        thresholdHours: z
          .number({ error: "Enter a number of hours" })
          .int("Enter whole hours")
          .min(0, "At least 0 hours")
          .max(720, "At most 720 hours (30 days)")
          .optional(),
      }),
    )
    .min(1, "Change at least one rule")
    .max(alertKinds.length),
});
export type UpdateAlertRules = z.infer<typeof updateAlertRulesSchema>;

export const channelTypes = ["webhook", "email"] as const;
export type ChannelType = (typeof channelTypes)[number];
export const webhookFormats = ["generic", "dingtalk", "slack"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];
export const webhookFormatLabels: Record<WebhookFormat, string> = {
  generic: "Generic JSON",
  dingtalk: "DingTalk robot",
  slack: "Slack-compatible",
};

const channelName = z.string().trim().min(1, "Enter a name").max(64, "At most 64 characters");
const webhookUrl = z
  .string()
  .trim()
  .max(2048, "At most 2,048 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" }));

export const createChannelSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("webhook"), name: channelName, format: z.enum(webhookFormats, { error: "Choose a format" }), url: webhookUrl }),
    z.object({
      type: z.literal("email"),
      name: channelName,
      recipients: z.array(emailSchema).min(1, "Enter at least one email address").max(20, "At most 20 recipients"),
    }),
  ],
  { error: "Choose webhook or email" },
);
export type CreateChannel = z.infer<typeof createChannelSchema>;

export const updateChannelSchema = z.object({ enabled: z.boolean({ error: "Choose on or off" }) });

export const channelIdSchema = z.string().regex(/^ch_[A-Za-z0-9]+$/, "Not a channel id");
export const channelParamsSchema = z.object({ channelId: channelIdSchema });

export const deliveryStatuses = ["pending", "sent", "failed"] as const;
export const deliveryEvents = ["opened", "resolved", "test"] as const;

/** A channel as the API returns it: never its URL's path or query, never its secret. */
export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(channelTypes),
  format: z.enum(webhookFormats).nullable(),
  /** webhook: scheme and host only (the rest of a DingTalk or Slack URL is itself a credential). */
  urlDisplay: z.string().nullable(),
  recipients: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** The newest delivery to this channel, if any. */
  lastDelivery: z
    .object({ status: z.enum(deliveryStatuses), statusCode: z.number().int().nullable(), at: z.string() })
    .nullable(),
});
export type Channel = z.infer<typeof channelSchema>;
export const channelListSchema = z.object({
  channels: z.array(channelSchema),
  /** Whether SMTP is configured on the server (SMTP_HOST); email channels cannot deliver without it. */
  smtpConfigured: z.boolean(),
});

/** POST /api/alerts/channels answers the channel and, for a webhook, its signing secret: shown this once only. */
export const createdChannelSchema = z.object({ channel: channelSchema, secret: z.string().nullable() });

export const deliverySchema = z.object({
  id: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  alertId: z.string().nullable(),
  alertTitle: z.string().nullable(),
  event: z.enum(deliveryEvents),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  statusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryListQuerySchema = z.object({
  channelId: channelIdSchema.optional(),
  alertId: z.string().regex(/^al_[A-Za-z0-9]+$/, "Not an alert id").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const alertStatuses = ["open", "resolved"] as const;
export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(alertKinds),
  status: z.enum(alertStatuses),
  title: z.string(),
  detail: z.string(),
  subject: z.object({ type: z.enum(["plan", "instance", "restore"]), id: z.string(), name: z.string() }),
  regionId: z.string().nullable(),
  planId: z.string().nullable(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  /** Deliveries of this alert: how many were sent, failed, are pending. */
  deliveries: z.object({ sent: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertListQuerySchema = z.object({
  status: z.enum(alertStatuses, { error: "Open or resolved" }).default("open"),
  kind: z.enum(alertKinds, { error: "Not an alert rule" }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const alertListSchema = z.object({
  alerts: z.array(alertSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Open alerts in all (the sidebar's badge). */
  openCount: z.number().int(),
});
export type AlertList = z.infer<typeof alertListSchema>;

/** The generic webhook body (format "generic"); DingTalk and Slack get their robots' formats with the same text. */
export const webhookEventSchema = z.object({
  event: z.enum(["alert.opened", "alert.resolved", "test"]),
  deliveryId: z.string(),
  sentAt: z.string(),
  alert: z
    .object({
      id: z.string(),
      kind: z.enum(alertKinds),
      status: z.enum(alertStatuses),
      title: z.string(),
      detail: z.string(),
      subject: z.object({ type: z.string(), id: z.string(), name: z.string() }),
      regionId: z.string().nullable(),
      planId: z.string().nullable(),
      openedAt: z.string(),
      resolvedAt: z.string().nullable(),
      url: z.string(),
    })
    .nullable(),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
