import "server-only";
import { ApiError } from "@/lib/server/http/api-error";

// What withRoute makes of errors that are not ApiErrors: a database that cannot be reached is a 503 the caller may
// retry, a unique clash that slipped past a use case's own check (two requests at once) is a 409, a malformed
// percent-encoding is a 400. Anything else stays an unexpected 500.

/** Seconds a client should wait before trying again after a 503. */
export const RETRY_AFTER_S = 5;

// Prisma: P1001 can't reach, P1002 timed out, P1003 database missing, P1017 server closed the connection,
// P2024 pool timeout, P2037 too many connections.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1003", "P1017", "P2024", "P2037"]);
// The Prisma driver adapter's own kinds (meta.driverAdapterError.cause.kind).
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseAccessDenied",
]);
// Node network errors, as pg and pg-boss (and any other client) throw them.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
// PostgreSQL SQLSTATE: class 08 connection exceptions, 53300 too many connections, 57P01–57P03 shutting down or starting.
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[123])$/;
const UNAVAILABLE_MESSAGE = /Can't reach database server|Connection terminated|the database system is (starting up|shutting down)/i;

/** The error itself, its causes, the errors of an AggregateError and Prisma's driver adapter error, once each. */
function* chainOf(err: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const rec = e as Record<string, unknown>;
    yield rec;
    queue.push(rec.cause);
    if (Array.isArray(rec.errors)) queue.push(...rec.errors);
    const meta = rec.meta as { driverAdapterError?: unknown } | undefined;
    if (meta && typeof meta === "object") queue.push(meta.driverAdapterError);
  }
}

/** True when the error says the database (or its connection) is down, not that a query was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chainOf(err)) {
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (typeof e.originalCode === "string" && UNAVAILABLE_SQLSTATE.test(e.originalCode)) return true;
    if (typeof e.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(e.kind)) return true;
    if (e.name === "PrismaClientInitializationError") return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** True when a connection to some service failed at the network level (refused, reset, timed out, no such host). */
export function isNetworkUnavailable(err: unknown): boolean {
  for (const e of chainOf(err)) if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return true;
  return false;
}

/** True for a unique-constraint violation: Prisma P2002, the adapter's UniqueConstraintViolation, pg 23505. */
export function isUniqueViolation(err: unknown): boolean {
  for (const e of chainOf(err)) {
    if (e.code === "P2002" || e.code === "23505" || e.originalCode === "23505" || e.kind === "UniqueConstraintViolation") return true;
  }
  return false;
}

/** The ApiError an error thrown by a handler (or by withRoute itself) is answered with. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isDatabaseUnavailable(err)) {
    return new ApiError("UNAVAILABLE", "The database is not reachable right now. Try again in a few seconds.", { cause: err });
  }
  if (isNetworkUnavailable(err)) {
    return new ApiError("UNAVAILABLE", "A service the console depends on is not reachable right now. Try again in a few seconds.", { cause: err });
  }
  if (isUniqueViolation(err)) {
    return new ApiError("CONFLICT", "This clashes with a record that already exists.", { cause: err });
  }
  if (err instanceof URIError) {
    return new ApiError("BAD_REQUEST", "The URL is not valid percent-encoding.", { cause: err });
  }
  return new ApiError("INTERNAL", "Something went wrong on our side. Try again; if it persists, quote the request id.", { cause: err });
}
