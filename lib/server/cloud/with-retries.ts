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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential backoff with equal jitter: half fixed, half random, so retrying clients spread out. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return exp / 2 + random() * (exp / 2);
}

/**
 * Runs one cloud call with bounded retries, only for throttling, 5xx and network errors; every failure leaves
 * as a CloudError. Each attempt is a new signed request (new date and nonce).
 */
export async function withRetries<T>(
  product: CloudProduct,
  action: string,
  policy: RetryPolicy,
  call: () => Promise<T>,
  observer: CallObserver = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const error = toCloudError(product, action, err);
      if (!error.retryable || attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffMs(policy, attempt);
      observer.onRetry?.({ product, action, attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
