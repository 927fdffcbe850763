import type { z } from "zod";
import { ApiClientError, GENERIC_MESSAGE } from "@/lib/client/api-client-error";
import { errorEnvelopeSchema, type ErrorCode } from "@/lib/schemas/api-error";

export { ApiClientError, errorMessageOf } from "@/lib/client/api-client-error";

// better-auth's own endpoints (/api/auth/*) answer { code, message } rather than our envelope.
const codeByStatus: Record<number, ErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "VALIDATION_FAILED",
  429: "RATE_LIMITED",
  503: "UNAVAILABLE",
};

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toError(res: Response, body: unknown): ApiClientError {
  const requestId = res.headers.get("x-request-id") ?? undefined;
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (envelope.success) {
    const { code, message, fieldErrors, requestId: id } = envelope.data.error;
    return new ApiClientError(res.status, code, message, fieldErrors, id);
  }
  const message =
    typeof body === "object" && body !== null && "message" in body && typeof body.message === "string"
      ? body.message
      : GENERIC_MESSAGE;
  return new ApiClientError(res.status, codeByStatus[res.status] ?? "INTERNAL", message, {}, requestId);
}

interface ApiFetchOptions<S extends z.ZodType | undefined> {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  /** Parses the success body; without it the body is returned unchecked as `unknown`. */
  schema?: S;
  signal?: AbortSignal;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

/**
 * The browser's one way to call /api: JSON in and out, same-origin cookies, errors thrown as ApiClientError.
 * A body always goes as application/json (the server answers 415 to any other body type); a bodyless change
 * (retry, delete) needs no Content-Type: the browser's Origin header is what proves it came from the console.
 */
export async function apiFetch<S extends z.ZodType | undefined = undefined>(
  path: string,
  options: ApiFetchOptions<S> = {},
): Promise<S extends z.ZodType ? z.output<S> : unknown> {
  const { method = "GET", body, schema, signal, headers } = options;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiClientError(0, "UNAVAILABLE", "Can't reach the server. Check your connection and try again.");
  }
  const data = await readBody(res);
  if (!res.ok) throw toError(res, data);
  if (!schema) return data as S extends z.ZodType ? z.output<S> : unknown;
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiClientError(
      res.status,
      "INTERNAL",
      "The server sent an answer this page does not understand. Reload the page and try again.",
      {},
      res.headers.get("x-request-id") ?? undefined,
    );
  }
  return parsed.data as S extends z.ZodType ? z.output<S> : unknown;
}

/** A list's filters as query parameters; absent and empty ones are left out, so the server's defaults apply. */
export function searchParamsOf(filters: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params;
}
