import { Server, type IncomingMessage, type ServerResponse } from "node:http";

// Node only (imported by instrumentation.ts in the Node.js runtime, before Next serves its first request). The one
// place this process touches its HTTP server below Next, for the two things Next gives no hook for:
// - TRACE is answered here, with the headers proxy.ts and next.config.js would have set: Next builds a fetch Request
//   for the proxy and every route, fetch forbids TRACE, and Next used to answer 500 with a stack trace. (TRACK and
//   CONNECT never get this far: Node answers 400 or closes.)
// - Every other request is stamped with its TCP peer's address, over any value a client sent under that name: route
//   handlers get a Request without the socket, and Next copies the socket address into X-Forwarded-For only when the
//   client sent none, so that header is whatever the client chose. lib/server/auth/client-address.ts reads the
//   stamp (and believes X-Forwarded-For only from TRUSTED_PROXIES).

export const PEER_ADDRESS_HEADER = "x-hbr-peer-address";

const patched = Symbol.for("hbr.guardNodeServer");

function refuseTrace(req: IncomingMessage, res: ServerResponse): void {
  const api = (req.url ?? "/").startsWith("/api/");
  const headers: Record<string, string> = {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  };
  if ((process.env.PUBLIC_URL ?? "").startsWith("https://")) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  // Pages answer GET and HEAD only (proxy.ts refuses every other method the same way); an API route refuses a
  // method it does not know with 400, as Next does for PROPFIND and the like.
  if (!api) headers["Allow"] = "GET, HEAD";
  res.writeHead(api ? 400 : 405, headers);
  res.end(`Method ${req.method} is not allowed.\n`);
  req.resume();
}

/** Writes the socket's remote address into the request's headers, over anything the client sent. */
export function stampPeerAddress(req: IncomingMessage): void {
  req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
}

/**
 * Every HTTP server of this process (Next's) refuses TRACE and stamps each request's peer address before its handler
 * runs; then `fastLane` may take the request (instrumentation-fast-lane.ts), or Next handles it.
 */
export function guardNodeServer(fastLane?: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const proto = Server.prototype as unknown as Record<symbol, boolean> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[patched]) return;
  proto[patched] = true;
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (req.method === "TRACE") {
        refuseTrace(req, res);
        return true;
      }
      stampPeerAddress(req);
      if (fastLane?.(req, res)) return true;
    }
    return emit.call(this, event, ...args);
  };
  // The route handlers run in this process: they trust the stamp only when it is there.
  (globalThis as { hbrPeerAddressStamped?: boolean }).hbrPeerAddressStamped = true;
}
