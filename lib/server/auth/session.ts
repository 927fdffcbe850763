import "server-only";
import { cache } from "react";
import { roleSchema, type SessionUser } from "@/lib/schemas/user";
import { getAuth } from "@/lib/server/auth/auth";

/** The signed-in, enabled user behind these request headers, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  return lookUpSessionUser(headers);
}

// Per server render, the layout and the page ask for the same session: look it up once.
const lookUpSessionUser = cache(async (headers: Headers): Promise<SessionUser | null> => {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  const role = roleSchema.safeParse(user.role);
  if (user.banned || !role.success) return null;
  return { id: user.id, name: user.name, email: user.email, role: role.data };
});
