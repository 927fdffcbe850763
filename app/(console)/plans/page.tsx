import type { Metadata } from "next";
import { LazyPlansPanel } from "@/components/plans/lazy-plans-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Protection Plans" };

export default async function PlansPage() {
  const user = await getCurrentUserOrRedirect("/plans");
  return <LazyPlansPanel isAdmin={user.role === "admin"} />;
}
