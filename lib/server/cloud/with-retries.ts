import "server-only";
import { CloudError, toCloudError, type CloudProduct } from "@/lib/server/cloud/cloud-error";

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** First backoff; each retry doubles it, with equal jitter, capped at capMs. */
  baseMs: number;
  capMs: number;
}

export interface CallObserver {
  onRetry?(info: { product: CloudProduct; action: string; attempt: number; delayMs: number; error: CloudError }): void;
}

/**
 * What a call does to the cloud. A `read` (and any call whose repeat changes nothing) may be sent again after
 * any transient failure. A `create` makes something new each time it is processed, and the cloud gives no
 * ClientToken to tell a repeat from a new request: it is sent again only when the failure proves it was not
 * processed.
 */
export type CallKind = "read" | "create";

export interface CallSpec {
  product: CloudProduct;
  action: string;
  kind: CallKind;
}

/**
 * A create whose outcome is unknown: it timed out, its connection dropped, or the server failed after taking
 * it. The cloud may have made the resource, so it is not sent again here; the caller's step runs again from
 * its marker look-up instead (it is retryable, so the step loops turn it into RetryLater).
 */
export class AmbiguousCreateError extends CloudError {
  readonly isAmbiguous = true;

  constructor(cause: CloudError) {
    super(
      cause.product,
      cause.action,
      cause.kind,
      cause.code,
      `${cause.message}; the cloud may have made it, so it is looked up before it is sent again`,
      cause.statusCode,
      cause.requestId,
      cause.cloudMessage,
      { cause },
    );
    this.name = "AmbiguousCreateError";
  }
}

// Failures that prove the request was never processed: refused before it was sent, or answered by a server
// that says it did not take it (throttling, 503 ServiceUnavailable).
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** True when a failed create certainly made nothing, so sending it again cannot make a second resource. */
export function provesNotProcessed(error: CloudError): boolean {
  if (error.kind === "throttled") return true;
  if (error.kind === "server") return error.statusCode === 503 && error.code === "ServiceUnavailable";
  if (error.kind === "network") return NOT_SENT_CODES.has(error.code) || /ECONNREFUSED/.test(error.cloudMessage);
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential backoff with equal jitter: half fixed, half random, so retrying clients spread out. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return exp / 2 + random() * (exp / 2);
}

/**
 * Runs one cloud call with bounded retries, only for throttling, 5xx and network errors (for a create, only
 * those that prove it was not processed; see CallKind); every failure leaves as a CloudError, an ambiguous
 * create as AmbiguousCreateError. Each attempt is a new signed request (new date and nonce).
 */
export async function withRetries<T>(spec: CallSpec, policy: RetryPolicy, call: () => Promise<T>, observer: CallObserver = {}): Promise<T> {
  const { product, action } = spec;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const error = toCloudError(product, action, err);
      if (!error.retryable) throw error;
      if (spec.kind === "create" && !provesNotProcessed(error)) throw new AmbiguousCreateError(error);
      if (attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffMs(policy, attempt);
      observer.onRetry?.({ product, action, attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
