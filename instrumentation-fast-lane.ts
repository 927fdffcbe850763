import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { everywhereHeaders, noContentHeader } from "@/lib/security-headers.js";
import { getEnv } from "@/lib/server/env";

// The fast lane: the API reads the console's pages poll (every 2–15 s per open tab) answered by their own route
// handlers straight from Node's HTTP server, instead of through Next's request pipeline (its router, the proxy,
// web streams, streaming compression). Same handler, same withRoute (auth, zod, error envelope, log line), same
// headers; only the transport is cut short. Measured on the large seed (README, Performance): Next's pipeline cost
// more than the handler itself on a page of plans, and wrote each response in three or more socket writes where
// this writes one. Anything the lane does not know (other paths, methods, undecodable URLs) goes to Next as before.
// Installed by instrumentation-node.ts, in the web process only.

type Segment = { params: Promise<Record<string, string>> };
type RouteModule = { GET: (req: NextRequest, segment: Segment) => Promise<Response> };

interface Lane {
  pattern: RegExp;
  /** Names of the pattern's capture groups, in order (the route's [params]). */
  params: string[];
  load: () => Promise<RouteModule>;
}

const SEGMENT = "([^/]+)";
/** The hot GET routes: what the dashboard, plans, plan, jobs, coverage and alerts pages poll. */
const LANES: Lane[] = [
  { pattern: /^\/api\/me$/, params: [], load: () => import("@/app/api/me/route") },
  { pattern: /^\/api\/plans$/, params: [], load: () => import("@/app/api/plans/route") },
  { pattern: new RegExp(`^/api/plans/${SEGMENT}$`), params: ["planId"], load: () => import("@/app/api/plans/[planId]/route") },
  { pattern: new RegExp(`^/api/plans/${SEGMENT}/drills$`), params: ["planId"], load: () => import("@/app/api/plans/[planId]/drills/route") },
  { pattern: /^\/api\/jobs$/, params: [], load: () => import("@/app/api/jobs/route") },
  { pattern: /^\/api\/dashboard$/, params: [], load: () => import("@/app/api/dashboard/route") },
  { pattern: /^\/api\/coverage$/, params: [], load: () => import("@/app/api/coverage/route") },
  { pattern: /^\/api\/coverage\/summary$/, params: [], load: () => import("@/app/api/coverage/summary/route") },
  { pattern: /^\/api\/alerts$/, params: [], load: () => import("@/app/api/alerts/route") },
];

/** Responses smaller than this go out as they are (as Next's compression does). */
const COMPRESS_MIN_BYTES = 1024;

/** The lane and decoded params for this GET, or null when Next should answer it. */
function match(pathname: string): { lane: Lane; params: Record<string, string> } | null {
  for (const lane of LANES) {
    const m = lane.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      lane.params.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    } catch {
      return null; // not valid percent-encoding: proxy.ts answers it (400)
    }
    return { lane, params };
  }
  return null;
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

function acceptsGzip(req: IncomingMessage): boolean {
  const accept = req.headers["accept-encoding"];
  return typeof accept === "string" && /\bgzip\b(?!;q=0(?:\.0*)?\b)/i.test(accept);
}

async function serve(lane: Lane, params: Record<string, string>, request: NextRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  let response: Response;
  try {
    const route = await lane.load();
    response = await route.GET(request, { params: Promise.resolve(params) });
  } catch (err) {
    // withRoute answers every error itself; this is a failure of the lane (a module that did not load).
    console.error("fast lane failed", err);
    response = Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side.", fieldErrors: {} } }, { status: 500 });
  }
  let body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  for (const { key, value } of everywhereHeaders) headers[key] = value;
  headers[noContentHeader.key] = noContentHeader.value;
  if ((process.env.PUBLIC_URL ?? "").startsWith("https://")) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie" && key !== "content-length") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  if (body.length >= COMPRESS_MIN_BYTES) {
    headers["vary"] = "Accept-Encoding";
    if (acceptsGzip(req)) {
      // Level 1: JSON shrinks about as much as at the default level for a fraction of the CPU.
      body = gzipSync(body, { level: 1 });
      headers["content-encoding"] = "gzip";
    }
  }
  headers["content-length"] = String(body.length);
  // The time this process spent on the request (the handler and its database work), for browsers' devtools and
  // for telling a lane answer from Next's.
  headers["server-timing"] = `app;desc="fast lane";dur=${(performance.now() - started).toFixed(1)}`;
  // Headers and body in one write.
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Takes the request when it is a GET of a lane route and answers it (asynchronously); returns false, having
 * touched nothing, for everything else.
 */
let enabled: boolean | undefined;

export function serveFastLane(req: IncomingMessage, res: ServerResponse): boolean {
  if (enabled === undefined) {
    try {
      enabled = getEnv().API_FAST_LANE;
    } catch {
      enabled = false; // a bad env: the route handlers report it, through Next
    }
  }
  if (!enabled) return false;
  if (req.method !== "GET" || !req.url?.startsWith("/api/")) return false;
  const q = req.url.indexOf("?");
  const pathname = q === -1 ? req.url : req.url.slice(0, q);
  const found = match(pathname);
  if (!found) return false;
  let request: NextRequest;
  try {
    // A Host or a header value fetch refuses makes this throw: such a request is left to Next.
    request = new NextRequest(new URL(req.url, `http://${req.headers.host ?? "localhost"}`), { method: "GET", headers: headersOf(req) });
  } catch {
    return false;
  }
  void serve(found.lane, found.params, request, req, res).catch((err: unknown) => {
    console.error("fast lane failed", err);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", [noContentHeader.key]: noContentHeader.value });
    res.end();
  });
  return true;
}
