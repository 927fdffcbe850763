import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { Logger } from "pino";
import { z } from "zod";
import type { ErrorEnvelope } from "@/lib/schemas/api-error";
import type { SessionUser } from "@/lib/schemas/user";
import { getSessionUser } from "@/lib/server/auth/session";
import { ApiError, fieldErrorsOf, validationError, type FieldErrors } from "@/lib/server/http/api-error";
import type { ApiRoute } from "@/lib/server/http/api-routes";
import { assertJsonBody, assertSameOrigin, MUTATING_METHODS } from "@/lib/server/http/csrf";
import { RETRY_AFTER_S, isDatabaseUnavailable, toApiError } from "@/lib/server/http/error-mapping";
import { getLogger } from "@/lib/server/log/logger";

type Output<T> = T extends z.ZodType ? z.output<T> : undefined;
type Field<R, K extends string> = R extends { [key in K]: infer S } ? S : undefined;

/** The JSON a declaration's response schema accepts (what the handler returns), or what a raw / bodiless route returns. */
type HandlerResult<R extends ApiRoute> = R["response"] extends { schema: infer S extends z.ZodType }
  ? z.input<S> | StatusReply<z.input<S>>
  : R["response"] extends { raw: string }
    ? Response
    : void;

export interface RouteContext<R extends ApiRoute> {
  req: NextRequest;
  params: Output<Field<R, "params">>;
  query: Output<Field<R, "query">>;
  body: Output<Field<R, "body">>;
  headers: Output<Field<R, "headers">>;
  user: R["access"] extends "public" ? SessionUser | null : SessionUser;
  requestId: string;
  log: Logger;
}

const STATUS_REPLY = Symbol("status reply");

export interface StatusReply<T> {
  readonly [STATUS_REPLY]: true;
  readonly body: T;
  readonly status: number;
}

/** A JSON answer with another status than the declared one (200 on an idempotent replay, health's 503). */
export function withStatus<T>(body: T, status: number): StatusReply<T> {
  return { [STATUS_REPLY]: true, body, status };
}

function isStatusReply(value: unknown): value is StatusReply<unknown> {
  return typeof value === "object" && value !== null && STATUS_REPLY in value;
}

/** A handler's answer that breaks its route's declaration: a bug of the console, answered as a 500 and logged. */
export class ResponseContractError extends Error {
  constructor(route: ApiRoute, problem: string, options?: { cause?: unknown }) {
    super(`${route.method} ${route.path}: ${problem}`, options);
    this.name = "ResponseContractError";
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Renders anything thrown as the one error envelope; only the unexpected is a 500, with its cause logged. */
function errorResponse(err: unknown, requestId: string, log: Logger): NextResponse<ErrorEnvelope> {
  const apiError = toApiError(err);
  if (err instanceof ResponseContractError) log.error({ err }, "response breaks its route's declaration");
  else if (apiError.code === "INTERNAL") log.error({ err }, "unhandled error");
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

/** Declared request headers by their declared name; a bad value is a 400 keyed by the header's name. */
function parseHeaders(schema: z.ZodObject, headers: Headers): unknown {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, headers.get(name) ?? undefined]));
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ApiError("BAD_REQUEST", result.error.issues.map((issue) => issue.message).join("; "), { fieldErrors: fieldErrorsOf(result.error) });
}

/**
 * The success answer, held to the declaration: JSON is parsed, as it goes on the wire, through the response
 * schema (unknown keys dropped); a raw route's Response passes as it is; a bodiless route answers 204.
 */
function successResponse(route: ApiRoute, result: unknown): NextResponse {
  const declared = route.response;
  if ("raw" in declared) {
    if (!(result instanceof Response)) throw new ResponseContractError(route, `declared as ${declared.raw} but the handler returned no Response`);
    return result instanceof NextResponse ? result : new NextResponse(result.body, result);
  }
  if (result instanceof Response) throw new ResponseContractError(route, "the handler returned a Response instead of its declared JSON");
  if (!("schema" in declared)) {
    if (result !== undefined) throw new ResponseContractError(route, "declared without a body but the handler returned one");
    return new NextResponse(null, { status: declared.status });
  }
  const { body, status } = isStatusReply(result) ? result : { body: result, status: declared.status };
  const wire: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const parsed = declared.schema.safeParse(wire);
  if (!parsed.success) {
    throw new ResponseContractError(route, `the response does not match its declared schema: ${JSON.stringify(fieldErrorsOf(parsed.error))}`, { cause: parsed.error });
  }
  return NextResponse.json(parsed.data, { status });
}

/**
 * PostgreSQL cannot store a NUL character in text, so one in a path parameter, a query value or anywhere in a JSON
 * body (a string or a key) is refused here, for every route, as a 400 keyed by where it was found.
 */
function assertNoNul(value: unknown, prefix?: string): void {
  // No prototype: a query key "__proto__" or "toString" is a field name here, not an inherited property.
  const fieldErrors: FieldErrors = Object.create(null) as FieldErrors;
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
 * The one wrapper of every route handler, driven by the route's declaration in api-routes.ts: request id, the
 * cross-site and JSON checks of mutating requests (csrf.ts), auth, zod parsing of params, query, body (no NUL
 * characters) and headers, the response parsed through its declared schema, a JSON log line per request and the
 * error envelope (error-mapping.ts: 503 with Retry-After when the database is down, 409 on a unique clash).
 */
export function withRoute<const R extends ApiRoute>(route: R, handler: (ctx: RouteContext<R>) => Promise<HandlerResult<R>>) {
  const options: ApiRoute = route;
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
      const headers = options.headers ? parseHeaders(options.headers, req.headers) : undefined;
      const result = await handler({ req, params, query, body, headers, user, requestId, log } as RouteContext<R>);
      response = successResponse(options, result);
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
