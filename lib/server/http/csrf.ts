import "server-only";
import { originOf, trustedOrigins } from "@/lib/server/env";
import { ApiError } from "@/lib/server/http/api-error";

// Cross-site request forgery guard for every mutating /api route. The session cookie is SameSite=Lax, which still
// rides along on a request from another port of the same host (same site), so the route itself must check who
// sent the request: a browser names the page's origin in Origin (always on POST/PUT/PATCH/DELETE) and in
// Sec-Fetch-Site; a page may only forge "simple" requests (text/plain, forms), never application/json without a
// CORS preflight that this app never grants.

export { trustedOrigins };

export const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function crossSite(detail: string): ApiError {
  return new ApiError(
    "FORBIDDEN",
    `Refused a change sent from another site (${detail}). Make the change from the console's own pages; if you reach the console at another address, set PUBLIC_URL to it.`,
  );
}

/**
 * Refuses a mutating request a browser sent from a page the console did not serve. Order of evidence: Origin
 * (must be one of the trusted origins; "null" is refused), else Sec-Fetch-Site (same-origin or none), else Referer
 * (its origin must be trusted). A request with none of the three comes from no browser (curl, scripts) and passes.
 */
export function assertSameOrigin(headers: Headers, trusted: readonly string[] = trustedOrigins()): void {
  const origin = headers.get("origin");
  if (origin !== null) {
    if (!trusted.includes(origin.trim())) throw crossSite(`Origin ${origin.slice(0, 100) || "empty"}`);
    return;
  }
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") throw crossSite(`Sec-Fetch-Site ${site.slice(0, 30)}`);
  const referer = headers.get("referer");
  if (referer !== null) {
    const refererOrigin = originOf(referer);
    if (!refererOrigin || !trusted.includes(refererOrigin)) throw crossSite("Referer of another origin");
  }
}

/** True for `application/json`, with or without parameters such as `; charset=utf-8`. */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  return contentType.split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** A mutating request that carries a body must say it is JSON: the form and text/plain bodies a page may forge are refused. */
export function assertJsonBody(contentType: string | null, body: string): void {
  if (body.length > 0 && !isJsonContentType(contentType)) {
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON, with the header Content-Type: application/json.");
  }
}
