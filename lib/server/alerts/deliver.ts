import "server-only";
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { Db } from "@/lib/server/db/client";
import { queues } from "@/lib/server/jobs/queues";
import { emailOf, noticeOf, webhookBody, type DeliveryEvent } from "@/lib/server/alerts/message";
import { open } from "@/lib/server/alerts/secret-box";
import { sendEmail, type SmtpConfig } from "@/lib/server/alerts/email";
import { postWebhook, type AttemptOutcome } from "@/lib/server/alerts/webhook";

// One attempt at one delivery (queue alert.deliver). The attempt is claimed first, in its own committed statement:
// attempts + 1 and a lease (leaseId, leaseUntil) on a pending delivery whose lease, if any, ended. The receiver is
// then called with no transaction open and no row locked (a webhook waits up to 10 s, SMTP a little longer), and
// the outcome is recorded only by the attempt that still holds the lease. So two workers never send one delivery at
// once, a slow receiver holds no database connection, and a worker that dies mid-call leaves a lease that expires
// (the delivery is then sent again: at least once). A delivery already sent or failed is never sent again.
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

export type DeliverOutcome = "sent" | "failed" | "skipped";

/** Hides the webhook URL in an error message (its path is a credential for DingTalk and Slack). */
function scrub(message: string, url: string | null, display: string | null): string {
  let out = message;
  if (url) out = out.split(url).join(display ?? "[webhook]");
  return out.slice(0, 1000);
}

/** How long one attempt may take before another worker may start one: well past a webhook's or SMTP's timeout. */
export const DELIVERY_LEASE_S = 300;

export async function deliver(deps: DeliverDeps, deliveryId: string): Promise<DeliverOutcome> {
  const { db } = deps;
  const leaseId = randomUUID();
  const claimed = await db.$executeRaw`
    UPDATE alert_delivery SET attempts = attempts + 1, "leaseId" = ${leaseId}, "leaseUntil" = now() + make_interval(secs => ${DELIVERY_LEASE_S}), "updatedAt" = now()
    WHERE id = ${deliveryId} AND status = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
  if (!claimed) {
    const d = await db.alertDelivery.findUnique({ where: { id: deliveryId }, select: { status: true } });
    if (d?.status === "pending") throw new DeliveryRetry("another worker is sending this delivery");
    return "skipped";
  }
  const d = await db.alertDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { channel: true, alert: true } });
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
  const error = result.error === null ? null : scrub(result.error, url, ch.urlDisplay);
  const status = result.ok ? "sent" : result.permanent || d.attempts >= DELIVERY_MAX_ATTEMPTS ? "failed" : "pending";
  // Only while the lease is ours: an attempt that outlived it leaves the row to the attempt that took over.
  await db.alertDelivery.updateMany({
    where: { id: d.id, leaseId },
    // A sent delivery keeps the error of the attempt before it (the log then shows, say, a 500 and then the 200).
    data: { statusCode: result.statusCode, lastError: result.ok ? d.lastError : error, status, leaseId: null, leaseUntil: null, ...(result.ok ? { sentAt: new Date() } : {}) },
  });
  if (status === "pending") throw new DeliveryRetry(error ?? "delivery failed; retrying");
  return status;
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
