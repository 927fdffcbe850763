import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { Logger } from "pino";
import { z } from "zod";
import type { ErrorEnvelope } from "@/lib/schemas/api-error";
import type { SessionUser } from "@/lib/schemas/user";
import { getSessionUser } from "@/lib/server/auth/session";
import { ApiError, validationError, type FieldErrors } from "@/lib/server/http/api-error";
import { assertJsonBody, assertSameOrigin, MUTATING_METHODS } from "@/lib/server/http/csrf";
import { RETRY_AFTER_S, isDatabaseUnavailable, toApiError } from "@/lib/server/http/error-mapping";
import { getLogger } from "@/lib/server/log/logger";

type Access = "public" | "signed-in" | "admin";

interface RouteOptions<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** public: anyone; signed-in: any role; admin: mutating routes (viewers get 403). */
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer that is not a Response (201 for creates). */
  status?: number;
}

export interface RouteContext<P, Q, B, A extends Access> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
  user: A extends "public" ? SessionUser | null : SessionUser;
  requestId: string;
  log: Logger;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Renders anything thrown as the one error envelope; only the unexpected is a 500, with its cause logged. */
function errorResponse(err: unknown, requestId: string, log: Logger): NextResponse<ErrorEnvelope> {
  const apiError = toApiError(err);
  if (apiError.code === "INTERNAL") log.error({ err }, "unhandled error");
  else if (apiError.code === "UNAVAILABLE" && !(err instanceof ApiError)) log.warn({ err }, "dependency unavailable");
  const response = NextResponse.json(
    {
      error: {
        code: apiError.code,
        message: apiError.message,
        fieldErrors: apiError.fieldErrors,
        requestId,
      },
    },
    { status: apiError.status },
  );
  if (apiError.status === 503) response.headers.set("retry-after", String(RETRY_AFTER_S));
  return response;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * PostgreSQL cannot store a NUL character in text, so one in a path parameter, a query value or anywhere in a JSON
 * body (a string or a key) is refused here, for every route, as a 400 keyed by where it was found.
 */
function assertNoNul(value: unknown, prefix?: string): void {
  const fieldErrors: FieldErrors = {};
  const stack: { value: unknown; path: string[] }[] = [{ value, path: prefix ? [prefix] : [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) (fieldErrors[path.join(".") || "_"] ??= []).push("Must not contain a NUL character");
    } else if (v && typeof v === "object") {
      for (const [key, child] of Object.entries(v)) {
        const childPath = [...path, key.replaceAll("\u0000", "\\0")];
        if (key.includes("\u0000")) (fieldErrors[childPath.join(".")] ??= []).push("Must not contain a NUL character");
        stack.push({ value: child, path: childPath });
      }
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new ApiError("BAD_REQUEST", "The request contains a NUL character, which the console cannot store.", { fieldErrors });
  }
}

async function readParams(segment: { params: Promise<Record<string, string | string[]>> }): Promise<Record<string, string | string[]>> {
  try {
    return await segment.params;
  } catch (err) {
    // Next decodes path segments lazily; "%zz" cannot be decoded.
    throw new ApiError("BAD_REQUEST", "The URL is not valid percent-encoding.", { cause: err });
  }
}

/**
 * The one wrapper of every route handler: request id, the cross-site and JSON checks of mutating requests
 * (csrf.ts), auth, zod parsing of params, query and body (no NUL characters), a JSON log line per request and the
 * error envelope (error-mapping.ts: 503 with Retry-After when the database is down, 409 on a unique clash).
 */
export function withRoute<
  A extends Access,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<NonNullable<P>, NonNullable<Q>, NonNullable<B>> & { access: A; params?: P; query?: Q; body?: B },
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>, A>) => Promise<unknown>,
) {
  return async (req: NextRequest, segment: { params: Promise<Record<string, string | string[]>> }) => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = getLogger().child({ requestId });
    let user: SessionUser | null = null;
    let response: NextResponse;
    try {
      // Request shape first, before any database work: a forged cross-site change never reaches the session lookup.
      const mutating = MUTATING_METHODS.has(req.method.toUpperCase());
      const text = mutating || options.body ? await req.text() : "";
      if (mutating) {
        assertSameOrigin(req.headers);
        assertJsonBody(req.headers.get("content-type"), text);
      }
      user = await getSessionUser(req.headers).catch((err: unknown) => {
        // Public routes (health) still answer, as anonymous, while the database is down.
        if (options.access === "public" && isDatabaseUnavailable(err)) return null;
        throw err;
      });
      if (options.access !== "public" && !user) throw new ApiError("UNAUTHENTICATED", "Sign in to continue.");
      if (options.access === "admin" && user?.role !== "admin") {
        throw new ApiError("FORBIDDEN", "Only admins can do this. Ask an admin to change your role.");
      }
      let params: unknown;
      if (options.params) {
        const raw = await readParams(segment);
        assertNoNul(raw);
        params = parseWith(options.params, raw);
      }
      let query: unknown;
      if (options.query) {
        const raw = Object.fromEntries(req.nextUrl.searchParams.entries());
        assertNoNul(raw);
        query = parseWith(options.query, raw);
      }
      let body: unknown;
      if (options.body) {
        const raw = parseJson(text);
        assertNoNul(raw);
        body = parseWith(options.body, raw);
      }
      const result = await handler({
        req,
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body: body as Infer<B>,
        user: user as RouteContext<Infer<P>, Infer<Q>, Infer<B>, A>["user"],
        requestId,
        log,
      });
      response =
        result instanceof NextResponse
          ? result
          : result instanceof Response
            ? new NextResponse(result.body, result)
            : result === undefined
              ? new NextResponse(null, { status: 204 })
              : NextResponse.json(result, { status: options.status ?? 200 });
    } catch (err) {
      response = errorResponse(err, requestId, log);
    }
    response.headers.set("x-request-id", requestId);
    response.headers.set("cache-control", "no-store");
    log.info(
      {
        method: req.method,
        path: req.nextUrl.pathname,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
        userId: user?.id,
      },
      "request",
    );
    return response;
  };
}
