import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { cache } from "react";
import { roleSchema, type SessionUser } from "@/lib/schemas/user";
import { getAuth } from "@/lib/server/auth/auth";

// Pages poll every 2 s and every request checks its session: a signed-in user's session is remembered in this
// process for a few seconds instead of being read from the database on each request. Disabling a user, changing
// their role or signing out forgets it at once in this process; another web process would notice within the TTL.
const SESSION_CACHE_TTL_MS = 5_000;
const SESSION_CACHE_MAX = 5_000;
// On globalThis: the fast lane (instrumentation-fast-lane.ts) runs the same route handlers from another bundle of
// this process, and a user disabled through one must be forgotten by both.
const shared = globalThis as unknown as {
  hbrSessionCache?: Map<string, { user: SessionUser; until: number }>;
  hbrSessionLookups?: Map<string, Promise<SessionUser | null>>;
  /** Bumped by every forget: a look-up that started before one does not remember what it read. */
  hbrSessionGeneration?: number;
};
const recent = (shared.hbrSessionCache ??= new Map());
/** Look-ups in flight per token: 50 requests of one tab arriving as its entry expires make one database read. */
const inFlight = (shared.hbrSessionLookups ??= new Map());

/** The signed-in, enabled user behind these request headers, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  return lookUpSessionUser(headers);
}

/** Forgets every remembered session of the user (after a role change or a ban). */
export function forgetUserSessions(userId: string): void {
  shared.hbrSessionGeneration = (shared.hbrSessionGeneration ?? 0) + 1;
  inFlight.clear();
  for (const [token, entry] of recent) if (entry.user.id === userId) recent.delete(token);
}

/** Forgets the session these headers carry (at sign-out). */
export function forgetSession(headers: Headers): void {
  const token = getSessionCookie(headers);
  if (!token) return;
  shared.hbrSessionGeneration = (shared.hbrSessionGeneration ?? 0) + 1;
  inFlight.delete(token);
  recent.delete(token);
}

// Per server render, the layout and the page ask for the same session: look it up once.
const lookUpSessionUser = cache(async (headers: Headers): Promise<SessionUser | null> => {
  const token = getSessionCookie(headers);
  if (!token) return null;
  const now = Date.now();
  const remembered = recent.get(token);
  if (remembered && remembered.until > now) return remembered.user;
  recent.delete(token);

  let lookup = inFlight.get(token);
  if (!lookup) {
    lookup = readSession(headers, token, now).finally(() => inFlight.delete(token));
    inFlight.set(token, lookup);
  }
  return lookup;
});

async function readSession(headers: Headers, token: string, now: number): Promise<SessionUser | null> {
  const generation = shared.hbrSessionGeneration ?? 0;
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  const role = roleSchema.safeParse(user.role);
  if (user.banned || !role.success) return null;
  const sessionUser: SessionUser = { id: user.id, name: user.name, email: user.email, role: role.data };
  // Only valid sessions are kept, so made-up cookies cannot fill the map; the oldest entry goes first when full.
  if (generation !== (shared.hbrSessionGeneration ?? 0)) return sessionUser;
  if (recent.size >= SESSION_CACHE_MAX) recent.delete(recent.keys().next().value!);
  recent.set(token, { user: sessionUser, until: Math.min(now + SESSION_CACHE_TTL_MS, session.session.expiresAt.getTime()) });
  return sessionUser;
}
