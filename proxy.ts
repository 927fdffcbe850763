import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

// Runs before every page and API request (not before /_next/ files: next.config.js gives those their headers).
// 1. Pages answer only GET and HEAD: anything else (TRACE, PROPFIND, POST…) is a 405 here, before Next renders.
// 2. A cheap first gate for console pages: no session cookie → the sign-in page, keeping where the user was going.
//    The real check (valid, enabled session; role) happens in the console layout and in every route handler.
// 3. Every page gets a Content-Security-Policy with a fresh nonce; Next reads it from the request and puts it on
//    its own scripts. HSTS is added here, not in next.config.js, because PUBLIC_URL is known only at run time.

const pageMethods = "GET, HEAD";

// The paths the gate used to match: everything but the API, the sign-in page and static files.
const gated = /^\/(?!api\/|sign-in|_next\/|favicon.ico|robots.txt|.*\.(?:svg|png|jpg|ico|css|js|txt)$).*$/;

/** The CSP of a page. Styles allow 'unsafe-inline': Radix and Recharts set style attributes and inject <style>. */
function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a nonce-bearing script (Next's chunks) run; 'self' is only for old browsers.
    // Dev (next dev) needs 'unsafe-eval' for React's debugging; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Served over https (PUBLIC_URL says so): browsers must never use plain http for this host again. */
function isHttps(): boolean {
  return (process.env.PUBLIC_URL ?? "").startsWith("https://");
}

function withHsts(res: NextResponse, https: boolean): NextResponse {
  if (https) res.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return res;
}

/** A path Next's router cannot decode (`/api/plans/%zz`) would end in its plain-text 500: answer 400 first. */
function undecodable(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

function badPath(api: boolean): NextResponse {
  const message = "The URL is not valid percent-encoding.";
  if (api) {
    const requestId = crypto.randomUUID();
    return NextResponse.json({ error: { code: "BAD_REQUEST", message, fieldErrors: {}, requestId } }, { status: 400, headers: { "x-request-id": requestId, "cache-control": "no-store" } });
  }
  return new NextResponse(`${message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'" } });
}

export function proxy(req: NextRequest) {
  const https = isHttps();
  const { pathname } = req.nextUrl;
  const api = pathname.startsWith("/api/");
  if (undecodable(pathname)) return withHsts(badPath(api), https);
  if (api) return withHsts(NextResponse.next(), https);

  if (req.method !== "GET" && req.method !== "HEAD") {
    const res = new NextResponse(`Method ${req.method} is not allowed here. Allowed: ${pageMethods}.\n`, {
      status: 405,
      headers: { Allow: pageMethods, "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'" },
    });
    return withHsts(res, https);
  }

  if (gated.test(pathname) && !getSessionCookie(req)) {
    const url = req.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = "";
    const next = pathname + req.nextUrl.search;
    if (next !== "/") url.searchParams.set("next", next);
    return withHsts(NextResponse.redirect(url), https);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV !== "production", https });
  const headers = new Headers(req.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", nonce);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return withHsts(res, https);
}

export const config = {
  // Pages (including /sign-in) and the API; not Next's own files (/_next/…, dev's /__nextjs…).
  matcher: ["/((?!_next/|__nextjs).*)"],
};
