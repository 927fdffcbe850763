import type { Metadata } from "next";
import { LazyDashboardPanel } from "@/components/dashboard/lazy-dashboard-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await getCurrentUserOrRedirect("/dashboard");
  return <LazyDashboardPanel isAdmin={user.role === "admin"} />;
}
