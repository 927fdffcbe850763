import "server-only";
import { BlockList, isIP } from "node:net";
import { getEnv } from "@/lib/server/env";
import { getLogger } from "@/lib/server/log/logger";
import { PEER_ADDRESS_HEADER } from "@/instrumentation-node";

/** Set from the TCP socket, over any client value, by instrumentation-node.ts in the web process. */
export { PEER_ADDRESS_HEADER };
/** The client address this module decided on; the only header better-auth reads an IP from (rate limit, sessions). */
export const CLIENT_ADDRESS_HEADER = "x-hbr-client-address";

/** "::ffff:10.0.0.1" → "10.0.0.1"; anything that is not an IP address → null. */
function normalize(address: string): string | null {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  const plain = mapped ? mapped[1]! : trimmed;
  return isIP(plain) ? plain : null;
}

/** The TRUSTED_PROXIES entries (addresses and CIDR ranges, already validated by env.ts) as a BlockList. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const plain = normalize(address) ?? address;
    const type = isIP(plain) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(plain, type);
    else list.addSubnet(plain, Number(prefix), type);
  }
  return list;
}

function isTrusted(address: string, trusted: BlockList): boolean {
  return trusted.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The address a request came from: the TCP peer, unless the peer is a trusted proxy; then X-Forwarded-For is read
 * from the right, skipping trusted proxies, and the first hop that is not one is the client (a proxy appends the
 * address it saw, so everything left of that hop is the client's own say). Null when the peer is unknown.
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trusted: BlockList): string | null {
  const peerAddress = peer === null ? null : normalize(peer);
  if (peerAddress === null) return null;
  const hops = [...(forwardedFor ?? "").split(","), peerAddress].map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]!);
    if (hop === null) return normalize(hops[i + 1] ?? "") ?? peerAddress; // garbage left of a trusted proxy: stop at the proxy
    if (!isTrusted(hop, trusted) || i === 0) return hop;
  }
  return peerAddress;
}

let trustedCache: { entries: readonly string[]; list: BlockList } | undefined;
let warnedNoPeer = false;

/**
 * A copy of `req` whose CLIENT_ADDRESS_HEADER carries the resolved client address (or is absent when unknown, so
 * better-auth puts every unknown client in one shared bucket). A value the client sent under that name never
 * survives. The peer header is believed only when instrumentation-node.ts stamps every request of this process.
 */
export function withClientAddress(req: Request): Request {
  const env = getEnv();
  if (trustedCache?.entries !== env.TRUSTED_PROXIES) trustedCache = { entries: env.TRUSTED_PROXIES, list: trustedProxyList(env.TRUSTED_PROXIES) };
  const stamped = (globalThis as { hbrPeerAddressStamped?: boolean }).hbrPeerAddressStamped === true;
  if (!stamped && !warnedNoPeer) {
    warnedNoPeer = true;
    getLogger().warn("the web process runs without instrumentation-node.ts's peer-address stamp: client addresses are unknown, sign-in attempts share one rate-limit bucket");
  }
  const peer = stamped ? req.headers.get(PEER_ADDRESS_HEADER) : null;
  const client = resolveClientAddress(peer, req.headers.get("x-forwarded-for"), trustedCache.list);
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  if (client) headers.set(CLIENT_ADDRESS_HEADER, client);
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
  return new Request(req.url, {
    method: req.method,
    headers,
    body: hasBody ? req.body : null,
    signal: req.signal,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}
