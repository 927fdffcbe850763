import type { Metadata } from "next";
import { PlansPanel } from "@/components/plans/plans-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Protection Plans" };

export default async function PlansPage() {
  const user = await getCurrentUserOrRedirect("/plans");
  return <PlansPanel isAdmin={user.role === "admin"} />;
}
