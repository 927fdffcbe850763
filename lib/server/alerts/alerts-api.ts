import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import {
  alertKinds,
  alertListQuerySchema,
  deliveryListQuerySchema,
  type Alert,
  type AlertKind,
  type AlertList,
  type AlertRule,
  type Channel,
  type CreateChannel,
  type Delivery,
  type UpdateAlertRules,
} from "@/lib/schemas/alerts";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Db, Tx } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { sendInTransaction } from "@/lib/server/jobs/boss";
import { newDeliveryId, ruleSettings } from "@/lib/server/alerts/evaluate-alerts";
import { seal } from "@/lib/server/alerts/secret-box";

// The alerts API's server side: alerts, rules, channels (their URL and secret sealed, never answered after
// creation) and the delivery log. Admin changes are audited in the same transaction.

export interface Actor {
  id: string;
  requestId?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listAlerts(db: Db, query: z.infer<typeof alertListQuerySchema>): Promise<AlertList> {
  const where = { status: query.status, ...(query.kind ? { kind: query.kind } : {}) };
  const [rows, total, openCount] = await Promise.all([
    db.alert.findMany({
      where,
      orderBy: query.status === "open" ? [{ openedAt: "desc" }, { id: "desc" }] : [{ resolvedAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.alert.count({ where }),
    db.alert.count({ where: { status: "open" } }),
  ]);
  const counts = rows.length
    ? await db.alertDelivery.groupBy({ by: ["alertId", "status"], where: { alertId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
    : [];
  const deliveriesOf = (id: string) => {
    const out = { sent: 0, failed: 0, pending: 0 };
    for (const c of counts) if (c.alertId === id && c.status in out) out[c.status as keyof typeof out] += c._count._all;
    return out;
  };
  const alerts: Alert[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind as AlertKind,
    status: r.status as Alert["status"],
    title: r.title,
    detail: r.detail,
    subject: { type: r.subjectType as Alert["subject"]["type"], id: r.subjectId, name: r.subjectName },
    regionId: r.regionId,
    planId: r.planId,
    openedAt: r.openedAt.toISOString(),
    resolvedAt: iso(r.resolvedAt),
    resolution: r.resolution,
    deliveries: deliveriesOf(r.id),
  }));
  return { alerts, total, page: query.page, pageSize: query.pageSize, openCount };
}

// ---- Rules ------------------------------------------------------------------------------------------------------

export async function listRules(db: Db | Tx): Promise<{ rules: AlertRule[] }> {
  const [settings, rows] = await Promise.all([ruleSettings(db), db.alertRule.findMany()]);
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return {
    rules: alertKinds.map((kind) => ({
      kind,
      enabled: settings[kind].enabled,
      thresholdHours: kind === "instanceUnprotected" ? settings[kind].thresholdHours : null,
      updatedAt: iso(byKind.get(kind)?.updatedAt ?? null),
    })),
  };
}

export async function updateRules(deps: { db: Db; boss: PgBoss | null }, input: UpdateAlertRules, actor: Actor): Promise<{ rules: AlertRule[] }> {
  const fieldErrors: Record<string, string[]> = {};
  const seen = new Set<string>();
  input.rules.forEach((r, i) => {
    if (seen.has(r.kind)) fieldErrors[`rules.${i}.kind`] = ["This rule is listed twice"];
    seen.add(r.kind);
    if (r.thresholdHours !== undefined && r.kind !== "instanceUnprotected") fieldErrors[`rules.${i}.thresholdHours`] = ["Only the Instance unprotected rule has a threshold"];
  });
  if (Object.keys(fieldErrors).length) throw new ApiError("VALIDATION_FAILED", "Some rules cannot be saved.", { fieldErrors });
  const result = await deps.db.$transaction(async (tx) => {
    const before = await listRules(tx);
    for (const r of input.rules) {
      const threshold = r.kind === "instanceUnprotected" ? (r.thresholdHours ?? undefined) : undefined;
      await tx.alertRule.upsert({
        where: { kind: r.kind },
        create: { kind: r.kind, enabled: r.enabled, thresholdHours: threshold ?? null, updatedById: actor.id },
        update: { enabled: r.enabled, ...(threshold !== undefined ? { thresholdHours: threshold } : {}), updatedById: actor.id },
      });
    }
    const after = await listRules(tx);
    const changedKinds = new Set(input.rules.map((r) => r.kind));
    const pick = (l: { rules: AlertRule[] }) => l.rules.filter((r) => changedKinds.has(r.kind)).map(({ kind, enabled, thresholdHours }) => ({ kind, enabled, thresholdHours }));
    await recordAudit(tx, { actorId: actor.id, action: "alert_rules.update", targetType: "alert_rule", targetId: [...changedKinds].join(","), before: pick(before), after: pick(after), requestId: actor.requestId });
    if (deps.boss) await sendInTransaction(deps.boss, tx, "alertsEvaluate", {}, { singletonKey: "all" });
    return after;
  });
  return result;
}

// ---- Channels ---------------------------------------------------------------------------------------------------

type ChannelRow = Awaited<ReturnType<Db["alertChannel"]["findMany"]>>[number];

async function toChannels(db: Db | Tx, rows: ChannelRow[]): Promise<Channel[]> {
  const last = rows.length
    ? await db.$queryRaw<{ channelId: string; status: string; statusCode: number | null; at: Date }[]>`
        SELECT DISTINCT ON ("channelId") "channelId", status, "statusCode", "updatedAt" AS at
        FROM alert_delivery WHERE "channelId" = ANY(${rows.map((r) => r.id)}) AND attempts > 0
        ORDER BY "channelId", "updatedAt" DESC`
    : [];
  const lastOf = new Map(last.map((l) => [l.channelId, l]));
  return rows.map((r) => {
    const l = lastOf.get(r.id);
    return {
      id: r.id,
      name: r.name,
      type: r.type as Channel["type"],
      format: (r.format as Channel["format"]) ?? null,
      urlDisplay: r.urlDisplay,
      recipients: r.recipients,
      enabled: r.enabled,
      createdAt: r.createdAt.toISOString(),
      lastDelivery: l ? { status: l.status as "pending" | "sent" | "failed", statusCode: l.statusCode, at: l.at.toISOString() } : null,
    };
  });
}

export async function listChannels(db: Db, smtpConfigured: boolean): Promise<{ channels: Channel[]; smtpConfigured: boolean }> {
  const rows = await db.alertChannel.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { channels: await toChannels(db, rows), smtpConfigured };
}

const channelAudit = (c: Channel) => ({ name: c.name, type: c.type, format: c.format, urlDisplay: c.urlDisplay, recipients: c.recipients, enabled: c.enabled });

export async function createChannel(db: Db, input: CreateChannel, actor: Actor): Promise<{ channel: Channel; secret: string | null }> {
  const id = `ch_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const taken = await db.alertChannel.findUnique({ where: { name: input.name }, select: { id: true } });
  if (taken) throw new ApiError("CONFLICT", "A channel with this name exists.", { fieldErrors: { name: ["A channel with this name exists"] } });
  let secret: string | null = null;
  const data =
    input.type === "webhook"
      ? (() => {
          secret = `whsec_${randomBytes(24).toString("base64url")}`;
          return { format: input.format, urlCipher: seal(input.url, `${id}:url`), urlDisplay: new URL(input.url).origin, secretCipher: seal(secret, `${id}:secret`), recipients: [] };
        })()
      : { format: null, urlCipher: null, urlDisplay: null, secretCipher: null, recipients: [...new Set(input.recipients.map((r) => r.toLowerCase()))] };
  const channel = await db.$transaction(async (tx) => {
    const row = await tx.alertChannel.create({ data: { id, name: input.name, type: input.type, createdById: actor.id, ...data } });
    const [c] = await toChannels(tx, [row]);
    await recordAudit(tx, { actorId: actor.id, action: "alert_channel.create", targetType: "alert_channel", targetId: id, after: channelAudit(c!), requestId: actor.requestId });
    return c!;
  });
  return { channel, secret };
}

export async function updateChannel(db: Db, channelId: string, input: { enabled: boolean }, actor: Actor): Promise<Channel> {
  return db.$transaction(async (tx) => {
    const before = await tx.alertChannel.findUnique({ where: { id: channelId } });
    if (!before) throw new ApiError("NOT_FOUND", "No such channel.");
    const row = await tx.alertChannel.update({ where: { id: channelId }, data: { enabled: input.enabled } });
    const [c] = await toChannels(tx, [row]);
    await recordAudit(tx, { actorId: actor.id, action: "alert_channel.update", targetType: "alert_channel", targetId: channelId, before: { name: before.name, enabled: before.enabled }, after: { name: row.name, enabled: row.enabled }, requestId: actor.requestId });
    return c!;
  });
}

export async function deleteChannel(db: Db, channelId: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.alertChannel.findUnique({ where: { id: channelId } });
    if (!row) throw new ApiError("NOT_FOUND", "No such channel.");
    const [c] = await toChannels(tx, [row]);
    await tx.alertChannel.delete({ where: { id: channelId } });
    await recordAudit(tx, { actorId: actor.id, action: "alert_channel.delete", targetType: "alert_channel", targetId: channelId, before: channelAudit(c!), requestId: actor.requestId });
  });
}

// ---- Deliveries -------------------------------------------------------------------------------------------------

type DeliveryRow = Awaited<ReturnType<typeof deliveryRows>>[number];
const deliveryRows = (db: Db | Tx, args: { where: object; skip?: number; take?: number }) =>
  db.alertDelivery.findMany({
    ...args,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { channel: { select: { name: true } }, alert: { select: { title: true } } },
  });

const toDelivery = (d: DeliveryRow): Delivery => ({
  id: d.id,
  channelId: d.channelId,
  channelName: d.channel.name,
  alertId: d.alertId,
  alertTitle: d.alert?.title ?? null,
  event: d.event as Delivery["event"],
  status: d.status as Delivery["status"],
  attempts: d.attempts,
  statusCode: d.statusCode,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  sentAt: iso(d.sentAt),
});

/** Send test: a `test` delivery to the channel (enabled or not), queued at once. */
export async function testChannel(deps: { db: Db; boss: PgBoss }, channelId: string, actor: Actor): Promise<Delivery> {
  return deps.db.$transaction(async (tx) => {
    const ch = await tx.alertChannel.findUnique({ where: { id: channelId }, select: { id: true, name: true } });
    if (!ch) throw new ApiError("NOT_FOUND", "No such channel.");
    const id = newDeliveryId();
    await tx.alertDelivery.create({ data: { id, channelId, event: "test" } });
    await sendInTransaction(deps.boss, tx, "alertDeliver", { deliveryId: id }, { singletonKey: id });
    await recordAudit(tx, { actorId: actor.id, action: "alert_channel.test", targetType: "alert_channel", targetId: channelId, after: { name: ch.name, deliveryId: id }, requestId: actor.requestId });
    const [row] = await deliveryRows(tx, { where: { id } });
    return toDelivery(row!);
  });
}

export async function listDeliveries(db: Db, query: z.infer<typeof deliveryListQuerySchema>) {
  const where = { ...(query.channelId ? { channelId: query.channelId } : {}), ...(query.alertId ? { alertId: query.alertId } : {}) };
  const [rows, total] = await Promise.all([deliveryRows(db, { where, skip: (query.page - 1) * query.pageSize, take: query.pageSize }), db.alertDelivery.count({ where })]);
  return { deliveries: rows.map(toDelivery), total, page: query.page, pageSize: query.pageSize };
}
