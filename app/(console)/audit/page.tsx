import type { Metadata } from "next";
import { LazyAuditPanel } from "@/components/audit/lazy-audit-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Audit log" };

// Every signed-in user reads the audit log; it has no mutating control.
export default async function AuditPage() {
  await getCurrentUserOrRedirect("/audit");
  return <LazyAuditPanel />;
}
