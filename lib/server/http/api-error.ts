import "server-only";
import type { z } from "zod";
import type { ErrorCode } from "@/lib/schemas/api-error";

export const statusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly fieldErrors: FieldErrors;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { fieldErrors?: FieldErrors; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "ApiError";
    this.fieldErrors = opts.fieldErrors ?? {};
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

/** Every zod issue keyed by its dotted path ("schedule.retention"); issues on the root key as "_". */
export function fieldErrorsOf(error: z.ZodError, prefix?: string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function validationError(error: z.ZodError, prefix?: string): ApiError {
  const fieldErrors = fieldErrorsOf(error, prefix);
  const count = Object.values(fieldErrors).flat().length;
  return new ApiError("VALIDATION_FAILED", `${count} field${count === 1 ? " is" : "s are"} invalid`, { fieldErrors });
}
