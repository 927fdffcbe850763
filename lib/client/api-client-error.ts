import type { ErrorCode } from "@/lib/schemas/api-error";

// The error every /api call throws, apart from the fetch wrapper (api-fetch.ts) and its zod schemas: a component
// that only shows an error (a loading state, a skeleton) imports it without putting zod in its page's first-load JS.

/** An /api answer that was not a success, rebuilt from the error envelope (or from the status when there is none). */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export const GENERIC_MESSAGE = "Something went wrong. Try again.";

/** A message fit to show for anything a query or mutation threw. */
export function errorMessageOf(err: unknown): string {
  return err instanceof ApiClientError ? err.message : GENERIC_MESSAGE;
}
