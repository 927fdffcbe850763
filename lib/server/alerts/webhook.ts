import "server-only";
import { createHmac } from "node:crypto";

// One webhook POST: the JSON body signed with the channel's secret (X-Signature: sha256=<hex HMAC-SHA256 of the raw
// body>), the delivery id for receivers that dedupe (X-HBR-Delivery), the event (X-HBR-Event); 10 s timeout.

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  /** No retry can help (a 4xx other than 408 and 429). */
  permanent: boolean;
  error: string | null;
}

export function signatureOf(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

export async function postWebhook(args: { url: string; secret: string; body: unknown; deliveryId: string; event: string; timeoutMs?: number }): Promise<AttemptOutcome> {
  const raw = JSON.stringify(args.body);
  try {
    const res = await fetch(args.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "hbr-console-alerts/1",
        "X-Signature": signatureOf(args.secret, raw),
        "X-HBR-Delivery": args.deliveryId,
        "X-HBR-Event": args.event,
      },
      body: raw,
      redirect: "manual",
      signal: AbortSignal.timeout(args.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
    // The answer's body is not needed; read a little of it for the log (DingTalk answers errors with 200 + errcode).
    const text = (await res.text().catch(() => "")).slice(0, 300);
    if (res.status >= 200 && res.status < 300) {
      const dingError = /"errcode"\s*:\s*([1-9]\d*)/.exec(text);
      if (dingError) return { ok: false, statusCode: res.status, permanent: false, error: `The receiver answered ${res.status} with errcode ${dingError[1]}: ${text}` };
      return { ok: true, statusCode: res.status, permanent: false, error: null };
    }
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    return { ok: false, statusCode: res.status, permanent, error: `The receiver answered ${res.status}${text ? `: ${text}` : ""}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === "TimeoutError" ? `no answer within ${(args.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, statusCode: null, permanent: false, error: `The webhook could not be reached: ${reason}` };
  }
}
