import { Server, type IncomingMessage, type ServerResponse } from "node:http";

// Node only (imported by instrumentation.ts in the Node.js runtime). TRACE is answered here, with the headers
// proxy.ts and next.config.js would have set. (TRACK and CONNECT never get this far: Node answers 400 or closes.)
const patched = Symbol.for("hbr.refuseTrace");

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

/** Every HTTP server of this process (Next's) answers TRACE itself, before its request handler runs. */
export function refuseTraceBeforeNext(): void {
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
    }
    return emit.call(this, event, ...args);
  };
}
