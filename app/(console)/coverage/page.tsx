import type { Metadata } from "next";
import { LazyCoveragePanel } from "@/components/coverage/lazy-coverage-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Coverage" };

// Every signed-in user reads coverage; only admins see Protect (the wizard it opens is theirs).
export default async function CoveragePage() {
  const user = await getCurrentUserOrRedirect("/coverage");
  return <LazyCoveragePanel isAdmin={user.role === "admin"} />;
}
