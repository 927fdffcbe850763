"use client";
import { useState } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { Callout } from "@/components/ui/callout";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import type { RowOutcome } from "@/components/users/user-row-actions";
import { UsersTable } from "@/components/users/users-table";
import type { SessionUser } from "@/lib/schemas/user";

/** The Users page: the list for everyone; creating, role changes and disabling for admins only. */
export function UsersPanel({ currentUser }: { currentUser: SessionUser }) {
  const [outcome, setOutcome] = useState<RowOutcome | null>(null);
  const isAdmin = currentUser.role === "admin";
  return (
    <>
      <PageHeader
        title="Users"
        description={
          isAdmin
            ? "People who can sign in to this console. Admins change plans and users; viewers only look."
            : "People who can sign in to this console. Only admins can add or change users."
        }
        actions={
          isAdmin ? (
            <CreateUserDialog onCreated={(user) => setOutcome({ tone: "success", text: `Created ${user.email}.` })} />
          ) : null
        }
      />
      <div role="status" className="mb-4 empty:hidden">
        {outcome ? (
          <Callout tone={outcome.tone} data-testid="users-notice">
            {outcome.text}
          </Callout>
        ) : null}
      </div>
      <UsersTable currentUser={currentUser} onOutcome={setOutcome} />
    </>
  );
}
