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
const recent = new Map<string, { user: SessionUser; until: number }>();

/** The signed-in, enabled user behind these request headers, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  return lookUpSessionUser(headers);
}

/** Forgets every remembered session of the user (after a role change or a ban). */
export function forgetUserSessions(userId: string): void {
  for (const [token, entry] of recent) if (entry.user.id === userId) recent.delete(token);
}

/** Forgets the session these headers carry (at sign-out). */
export function forgetSession(headers: Headers): void {
  const token = getSessionCookie(headers);
  if (token) recent.delete(token);
}

// Per server render, the layout and the page ask for the same session: look it up once.
const lookUpSessionUser = cache(async (headers: Headers): Promise<SessionUser | null> => {
  const token = getSessionCookie(headers);
  if (!token) return null;
  const now = Date.now();
  const remembered = recent.get(token);
  if (remembered && remembered.until > now) return remembered.user;
  recent.delete(token);

  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  const role = roleSchema.safeParse(user.role);
  if (user.banned || !role.success) return null;
  const sessionUser: SessionUser = { id: user.id, name: user.name, email: user.email, role: role.data };
  // Only valid sessions are kept, so made-up cookies cannot fill the map; the oldest entry goes first when full.
  if (recent.size >= SESSION_CACHE_MAX) recent.delete(recent.keys().next().value!);
  recent.set(token, { user: sessionUser, until: Math.min(now + SESSION_CACHE_TTL_MS, session.session.expiresAt.getTime()) });
  return sessionUser;
});
