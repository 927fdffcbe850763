import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Callout } from "@/components/ui/callout";
import { LazyUsersPanel } from "@/components/users/lazy-users-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await getCurrentUserOrRedirect("/users");
  // Users' names and emails are for admins (docs/security.md): viewers get neither the page nor GET /api/users.
  if (user.role !== "admin") {
    return (
      <>
        <PageHeader title="Users" />
        <Callout tone="warning">Only admins can see the console&apos;s users. Ask an admin to change your role.</Callout>
      </>
    );
  }
  return <LazyUsersPanel currentUser={user} />;
}
