import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { Logger } from "pino";
import { z } from "zod";
import type { ErrorEnvelope } from "@/lib/schemas/api-error";
import type { SessionUser } from "@/lib/schemas/user";
import { getSessionUser } from "@/lib/server/auth/session";
import { ApiError, validationError } from "@/lib/server/http/api-error";
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
  const apiError =
    err instanceof ApiError
      ? err
      : new ApiError("INTERNAL", "Something went wrong on our side. Try again; if it persists, quote the request id.");
  if (apiError.code === "INTERNAL") log.error({ err }, "unhandled error");
  return NextResponse.json(
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
}

async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
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
 * The one wrapper of every route handler: request id, auth, zod parsing of params, query and body, a JSON
 * log line per request and the error envelope.
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
      user = await getSessionUser(req.headers);
      if (options.access !== "public" && !user) throw new ApiError("UNAUTHENTICATED", "Sign in to continue.");
      if (options.access === "admin" && user?.role !== "admin") {
        throw new ApiError("FORBIDDEN", "Only admins can do this. Ask an admin to change your role.");
      }
      const params = options.params ? parseWith(options.params, await segment.params) : undefined;
      const query = options.query
        ? parseWith(options.query, Object.fromEntries(req.nextUrl.searchParams.entries()))
        : undefined;
      const body = options.body ? parseWith(options.body, await readJson(req)) : undefined;
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
