import "server-only";
import type { PgBoss } from "pg-boss";
import type { Db } from "@/lib/server/db/client";
import { queues } from "@/lib/server/jobs/queues";
import { emailOf, noticeOf, webhookBody, type DeliveryEvent } from "@/lib/server/alerts/message";
import { open } from "@/lib/server/alerts/secret-box";
import { sendEmail, type SmtpConfig } from "@/lib/server/alerts/email";
import { postWebhook, type AttemptOutcome } from "@/lib/server/alerts/webhook";

// One attempt at one delivery (queue alert.deliver). The delivery row is locked for the attempt (SELECT … FOR
// UPDATE SKIP LOCKED), so two workers never send it at once; a delivery already sent or failed is never sent again.
// Every attempt records attempts, statusCode and lastError; a retryable failure throws, and pg-boss retries with
// backoff; after DELIVERY_MAX_ATTEMPTS (or a permanent refusal) the delivery is `failed`.

export const DELIVERY_MAX_ATTEMPTS = (queues.alertDeliver.options.retryLimit ?? 8) + 1;

export interface DeliverDeps {
  db: Db;
  /** The console's URL, for links in notices. */
  baseUrl: string;
  smtp: SmtpConfig | null;
}

export class DeliveryRetry extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryRetry";
  }
}

export type DeliverOutcome = "sent" | "failed" | "retry" | "skipped" | "busy";

/** Hides the webhook URL in an error message (its path is a credential for DingTalk and Slack). */
function scrub(message: string, url: string | null, display: string | null): string {
  let out = message;
  if (url) out = out.split(url).join(display ?? "[webhook]");
  return out.slice(0, 1000);
}

export async function deliver(deps: DeliverDeps, deliveryId: string): Promise<DeliverOutcome> {
  const { db } = deps;
  let retryError: string | null = null;
  const outcome = await db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; status: string }[]>`
        SELECT id, status FROM alert_delivery WHERE id = ${deliveryId} FOR UPDATE SKIP LOCKED`;
      if (!locked.length) {
        const exists = await tx.alertDelivery.findUnique({ where: { id: deliveryId }, select: { id: true } });
        return exists ? ("busy" as const) : ("skipped" as const);
      }
      if (locked[0]!.status !== "pending") return "skipped" as const;
      const d = await tx.alertDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { channel: true, alert: true } });
      const ch = d.channel;
      const notice = noticeOf({ deliveryId: d.id, event: d.event as DeliveryEvent, alert: d.alert, channelName: ch.name, baseUrl: deps.baseUrl, sentAt: new Date() });
      let url: string | null = null;
      let result: AttemptOutcome;
      try {
        if (ch.type === "webhook") {
          url = open(ch.urlCipher ?? "", `${ch.id}:url`);
          const secret = open(ch.secretCipher ?? "", `${ch.id}:secret`);
          result = await postWebhook({ url, secret, body: webhookBody(ch.format ?? "generic", notice), deliveryId: d.id, event: notice.event });
        } else {
          result = await sendEmail(deps.smtp, { to: ch.recipients, ...emailOf(notice) });
        }
      } catch (err) {
        result = { ok: false, statusCode: null, permanent: false, error: `The notice could not be sent: ${(err as Error).message}` };
      }
      const attempts = d.attempts + 1;
      const error = result.error === null ? null : scrub(result.error, url, ch.urlDisplay);
      const status = result.ok ? "sent" : result.permanent || attempts >= DELIVERY_MAX_ATTEMPTS ? "failed" : "pending";
      await tx.alertDelivery.update({
        where: { id: d.id },
        // A sent delivery keeps the error of the attempt before it (the log then shows, say, a 500 and then the 200).
        data: { attempts, statusCode: result.statusCode, lastError: result.ok ? d.lastError : error, status, ...(result.ok ? { sentAt: new Date() } : {}) },
      });
      if (status === "pending") retryError = error;
      return status === "pending" ? ("retry" as const) : status;
    },
    // The lock is held while the notice is sent (a webhook waits up to 10 s, SMTP a little longer).
    { timeout: 60_000, maxWait: 10_000 },
  );
  if (outcome === "retry") throw new DeliveryRetry(retryError ?? "delivery failed; retrying");
  if (outcome === "busy") throw new DeliveryRetry("another worker is sending this delivery");
  return outcome;
}

/**
 * Queues again every pending delivery whose queue job was lost (a crash between commit and send, a job that ran
 * out of retries while the row says pending). The exclusive queue policy makes this a no-op for one still queued.
 */
export async function sweepDeliveries(db: Db, boss: PgBoss): Promise<number> {
  const stale = new Date(Date.now() - 5_000);
  const pending = await db.alertDelivery.findMany({ where: { status: "pending", createdAt: { lt: stale } }, select: { id: true }, orderBy: { createdAt: "asc" }, take: 500 });
  let sent = 0;
  for (const p of pending) if (await boss.send(queues.alertDeliver.name, { deliveryId: p.id }, { singletonKey: p.id })) sent++;
  return sent;
}
