import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUserOrRedirect();
  return <AppShell user={user}>{children}</AppShell>;
}
