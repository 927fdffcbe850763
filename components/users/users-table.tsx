"use client";
import { LoadError } from "@/components/layout/load-states";
import { useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { UserRoleSelect, UserStatusAction, type RowOutcome } from "@/components/users/user-row-actions";
import { usersQuery } from "@/lib/client/users";
import { roleLabels, type SessionUser } from "@/lib/schemas/user";
import { formatDate } from "@/lib/utils";

interface UsersTableProps {
  currentUser: SessionUser;
  onOutcome: (outcome: RowOutcome) => void;
}

const COLUMNS = ["Name", "Email", "Role", "Status", "Created"] as const;

export function UsersTable({ currentUser, onOutcome }: UsersTableProps) {
  const { data, error, isPending, isError, refetch, isRefetching } = useQuery(usersQuery());
  const canManage = currentUser.role === "admin";
  const columns = canManage ? [...COLUMNS, "Actions"] : COLUMNS;

  if (isPending) {
    return (
      <div aria-busy="true">
        <p role="status" className="sr-only">
          Loading users…
        </p>
        <Table label="Users">
          <TableColumns columns={columns} />
          <TableBody>
            {Array.from({ length: 4 }, (_, i) => (
              <TableRow key={i}>
                {columns.map((c) => (
                  <TableCell key={c}>
                    <Skeleton className="h-5 w-full max-w-40" />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }

  if (isError) {
    return (
      <LoadError what="Users" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />
    );
  }

  if (data.users.length === 0) {
    return <EmptyState icon={<Users />} title="No users yet" description="Users an admin creates appear here." />;
  }

  return (
    <Table label="Users">
      <TableColumns columns={columns} />
      <TableBody>
        {data.users.map((user) => {
          const isSelf = user.id === currentUser.id;
          return (
            <TableRow key={user.id}>
              <TableCell className="font-medium">
                {user.name}
                {isSelf ? <span className="ml-1.5 font-normal text-slate-600">(you)</span> : null}
              </TableCell>
              <TableCell>{user.email}</TableCell>
              <TableCell>
                {canManage ? (
                  <UserRoleSelect user={user} isSelf={isSelf} onOutcome={onOutcome} />
                ) : (
                  roleLabels[user.role]
                )}
              </TableCell>
              <TableCell>
                {user.disabled ? <Badge tone="neutral">Disabled</Badge> : <Badge tone="success">Active</Badge>}
              </TableCell>
              <TableCell className="whitespace-nowrap text-slate-700">
                <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
              </TableCell>
              {canManage ? (
                <TableCell>
                  <UserStatusAction user={user} isSelf={isSelf} onOutcome={onOutcome} />
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
