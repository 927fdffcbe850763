import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/lib/schemas/user";
import { getSessionUser } from "@/lib/server/auth/session";

/** For server pages and layouts: the signed-in user, or a redirect to the sign-in page. */
export async function getCurrentUserOrRedirect(next?: string): Promise<SessionUser> {
  const user = await getSessionUser(await headers());
  if (!user) redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  return user;
}
