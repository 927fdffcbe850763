import "server-only";
import type { Alert as AlertRow } from "@/generated/prisma/client";
import { alertKindLabels, type AlertKind, type WebhookEvent } from "@/lib/schemas/alerts";

// What a notice says, the same words for every channel: the generic webhook's JSON, the DingTalk and Slack
// robots' markdown, and the email's subject, text and HTML.

export type DeliveryEvent = "opened" | "resolved" | "test";

export interface Notice {
  event: WebhookEvent["event"];
  /** "[RESOLVED] Backup failed in plan web" … */
  title: string;
  /** Plain text lines: what happened, where, when, and the link. */
  lines: string[];
  url: string;
  body: WebhookEvent;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;

export function noticeOf(args: { deliveryId: string; event: DeliveryEvent; alert: AlertRow | null; channelName: string; baseUrl: string; sentAt: Date }): Notice {
  const { alert, event } = args;
  const url = alert ? `${args.baseUrl}/alerts?status=${alert.status}#${alert.id}` : `${args.baseUrl}/alerts`;
  const wireEvent: WebhookEvent["event"] = event === "test" ? "test" : event === "opened" ? "alert.opened" : "alert.resolved";
  const body: WebhookEvent = {
    event: wireEvent,
    deliveryId: args.deliveryId,
    sentAt: args.sentAt.toISOString(),
    alert: alert
      ? {
          id: alert.id,
          kind: alert.kind as AlertKind,
          status: event === "resolved" ? "resolved" : "open",
          title: alert.title,
          detail: alert.detail,
          subject: { type: alert.subjectType, id: alert.subjectId, name: alert.subjectName },
          regionId: alert.regionId,
          planId: alert.planId,
          openedAt: alert.openedAt.toISOString(),
          resolvedAt: event === "resolved" ? (alert.resolvedAt ?? args.sentAt).toISOString() : null,
          url,
        }
      : null,
  };
  if (!alert) {
    return {
      event: wireEvent, url, body,
      title: `Test notice from HBR Console`,
      lines: [`This is a test of the alert channel "${args.channelName}". If you can read it, alerts will reach you here.`, `Sent ${utc(args.sentAt)}.`, url],
    };
  }
  const resolved = event === "resolved";
  const lines = [
    resolved ? `Resolved: ${alert.resolution ?? "the condition cleared."}` : alert.detail,
    `Rule: ${alertKindLabels[alert.kind as AlertKind] ?? alert.kind}${alert.regionId ? ` · Region: ${alert.regionId}` : ""}`,
    resolved ? `Opened ${utc(alert.openedAt)}, resolved ${utc(alert.resolvedAt ?? args.sentAt)}.` : `Opened ${utc(alert.openedAt)}.`,
    url,
  ];
  if (resolved) lines.splice(1, 0, `Was: ${alert.detail}`);
  return { event: wireEvent, url, body, title: `${resolved ? "[RESOLVED] " : ""}${alert.title}`, lines };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]<>|])/g, "\\$1");

/** The webhook body for a channel's format. */
export function webhookBody(format: string, notice: Notice): unknown {
  const [what, ...rest] = notice.lines.slice(0, -1);
  if (format === "dingtalk") {
    return {
      msgtype: "markdown",
      markdown: { title: notice.title, text: [`### ${escapeMarkdown(notice.title)}`, escapeMarkdown(what ?? ""), ...rest.map(escapeMarkdown), `[Open in HBR Console](${notice.url})`].join("\n\n") },
    };
  }
  if (format === "slack") {
    const text = `*${notice.title}*\n${[what, ...rest].join("\n")}\n<${notice.url}|Open in HBR Console>`;
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  return notice.body;
}

export function emailOf(notice: Notice): { subject: string; text: string; html: string } {
  const [what, ...rest] = notice.lines.slice(0, -1);
  return {
    subject: `[HBR] ${notice.title}`,
    text: [...notice.lines.slice(0, -1), "", `Open in HBR Console: ${notice.url}`].join("\n"),
    html: [
      `<h2 style="font-family:sans-serif">${escapeHtml(notice.title)}</h2>`,
      `<p style="font-family:sans-serif">${escapeHtml(what ?? "")}</p>`,
      ...rest.map((l) => `<p style="font-family:sans-serif;color:#555">${escapeHtml(l)}</p>`),
      `<p style="font-family:sans-serif"><a href="${escapeHtml(notice.url)}">Open in HBR Console</a></p>`,
    ].join("\n"),
  };
}
