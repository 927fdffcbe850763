import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

// The console shell for pages that must answer with their HTTP status (404 for an ECS instance that does not
// exist). The (console) group shows a loading skeleton while a page renders, and a page under a loading boundary
// is streamed: its status is already 200 when it finds out there is nothing to show. So no loading.tsx here.
export default async function ConsoleStatusLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUserOrRedirect();
  return <AppShell user={user}>{children}</AppShell>;
}
