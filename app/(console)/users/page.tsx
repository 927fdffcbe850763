import type { Metadata } from "next";
import { UsersPanel } from "@/components/users/users-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await getCurrentUserOrRedirect("/users");
  return <UsersPanel currentUser={user} />;
}
