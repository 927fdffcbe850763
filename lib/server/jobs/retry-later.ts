import "server-only";
import type { CloudError } from "@/lib/server/cloud/cloud-error";

/** Thrown to have the queue run a job again later (throttling, 5xx and network trouble that outlasted the client's retries). */
export class RetryLater extends Error {
  constructor(readonly cause: CloudError) {
    super(`retry later: ${cause.message}`);
    this.name = "RetryLater";
  }
}

/** An admin's action or task that keeps meeting retryable errors this long ends as Failed instead of retrying on. */
export const GIVE_UP_RETRYING_AFTER_MS = 10 * 60_000;
