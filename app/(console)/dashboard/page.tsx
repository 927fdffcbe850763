import type { Metadata } from "next";
import { DashboardPanel } from "@/components/dashboard/dashboard-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await getCurrentUserOrRedirect("/dashboard");
  return <DashboardPanel isAdmin={user.role === "admin"} />;
}
