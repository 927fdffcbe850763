// Preloaded into the web process (`node --import ./scripts/lib/peer-address.mjs next start`, see scripts/start.ts).
// Next's route handlers get a Request without the socket: Next copies the socket address into X-Forwarded-For
// only when the client sent none, so the header is whatever the client chose. This stamps every incoming
// request with the address of the TCP peer, replacing any value the client sent under the same name;
// lib/server/auth/client-address.ts reads it (and believes X-Forwarded-For only from TRUSTED_PROXIES).
import http from "node:http";

export const PEER_ADDRESS_HEADER = "x-hbr-peer-address";

/** Writes the socket's remote address into the request's headers, over anything the client sent. */
export function stampPeerAddress(req) {
  req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeerAddress(event, ...args) {
  if (event === "request") stampPeerAddress(args[0]);
  return emit.call(this, event, ...args);
};
// The route handlers run in this process: they trust the stamp only when it is there.
globalThis.hbrPeerAddressStamped = true;
