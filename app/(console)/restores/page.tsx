import type { Metadata } from "next";
import { LazyRestoresPanel } from "@/components/restores/lazy-restores-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Restore Center" };

// Every signed-in user reads restore history; only admins get Retry and Cancel (the API refuses viewers too).
export default async function RestoresPage() {
  const user = await getCurrentUserOrRedirect("/restores");
  return <LazyRestoresPanel isAdmin={user.role === "admin"} />;
}
