import type { Metadata } from "next";
import { LazyAlertsPanel } from "@/components/alerts/lazy-alerts-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Alerts" };

// Every signed-in user reads alerts, rules and channels; only admins change rules and channels (the API refuses viewers too).
export default async function AlertsPage() {
  const user = await getCurrentUserOrRedirect("/alerts");
  return <LazyAlertsPanel isAdmin={user.role === "admin"} />;
}
