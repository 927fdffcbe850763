import "server-only";
import { getAuth } from "@/lib/server/auth/auth";
import { withClientAddress } from "@/lib/server/auth/client-address";
import { forgetSession } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db/client";
import { getEnv } from "@/lib/server/env";
import { getLogger } from "@/lib/server/log/logger";

// better-auth's own rules include a 60 s window (password reset); a row is needed for the longest window only.
const BETTER_AUTH_LONGEST_WINDOW_S = 60;
const PRUNE_EVERY_MS = 5_000;
let lastPrune = 0;

/**
 * Deletes rate-limit rows whose window has passed. better-auth prunes only when a known client's window restarts,
 * so many one-off clients would each leave a row behind; this keeps the table to the clients of the last window.
 */
export async function pruneRateLimits(now = Date.now()): Promise<number> {
  const windowS = Math.max(getEnv().AUTH_RATE_LIMIT_WINDOW_S, BETTER_AUTH_LONGEST_WINDOW_S);
  const { count } = await getDb().rateLimit.deleteMany({ where: { lastRequest: { lt: BigInt(now - windowS * 1000) } } });
  return count;
}

/** /api/auth/*: better-auth, with the client address resolved from the socket (see client-address.ts). */
export async function handleAuthRequest(req: Request): Promise<Response> {
  // A signed-out session must not live on in the session cache.
  if (new URL(req.url).pathname.endsWith("/sign-out")) forgetSession(req.headers);
  const now = Date.now();
  if (req.method === "POST" && now - lastPrune >= PRUNE_EVERY_MS) {
    lastPrune = now;
    await pruneRateLimits(now).catch((err) => getLogger().error({ err }, "pruning rate-limit rows failed"));
  }
  return getAuth().handler(withClientAddress(req));
}
