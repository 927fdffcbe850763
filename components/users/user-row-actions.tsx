"use client";
import { useId, useState } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useUpdateUser } from "@/lib/client/users";
import { roleLabels, roleSchema, roles, type User } from "@/lib/schemas/user";

export interface RowOutcome {
  tone: "success" | "danger";
  text: string;
}

interface RowProps {
  user: User;
  /** The signed-in admin's own row: the API refuses self-demotion and self-disabling, so the controls are off. */
  isSelf: boolean;
  onOutcome: (outcome: RowOutcome) => void;
}

export function UserRoleSelect({ user, isSelf, onOutcome }: RowProps) {
  const selfNoteId = useId();
  const updateUser = useUpdateUser();
  const shownRole = updateUser.isPending ? (updateUser.variables.patch.role ?? user.role) : user.role;

  function changeRole(value: string) {
    const role = roleSchema.parse(value);
    updateUser.mutate(
      { userId: user.id, patch: { role } },
      {
        onSuccess: (updated) => onOutcome({ tone: "success", text: `${updated.email} is now ${roleLabels[updated.role]}.` }),
        onError: (err) => onOutcome({ tone: "danger", text: errorMessageOf(err) }),
      },
    );
  }

  return (
    <>
      <Select
        aria-label={`Role for ${user.email}`}
        aria-describedby={isSelf ? selfNoteId : undefined}
        value={shownRole}
        disabled={isSelf || updateUser.isPending}
        onChange={(e) => changeRole(e.target.value)}
        className="h-8 w-32"
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {roleLabels[role]}
          </option>
        ))}
      </Select>
      {isSelf ? (
        <span id={selfNoteId} className="sr-only">
          You can&apos;t change your own role.
        </span>
      ) : null}
    </>
  );
}

export function UserStatusAction({ user, isSelf, onOutcome }: RowProps) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const updateUser = useUpdateUser();

  if (user.disabled) {
    return (
      <Button
        variant="secondary"
        size="sm"
        aria-label={`Enable ${user.email}`}
        isLoading={updateUser.isPending}
        onClick={() =>
          updateUser.mutate(
            { userId: user.id, patch: { disabled: false } },
            {
              onSuccess: (updated) => onOutcome({ tone: "success", text: `Enabled ${updated.email}.` }),
              onError: (err) => onOutcome({ tone: "danger", text: errorMessageOf(err) }),
            },
          )
        }
      >
        Enable
      </Button>
    );
  }

  function handleOpenChange(open: boolean) {
    setIsConfirming(open);
    if (!open) setDialogError(null);
  }

  function disableUser() {
    setDialogError(null);
    updateUser.mutate(
      { userId: user.id, patch: { disabled: true } },
      {
        onSuccess: (updated) => {
          setIsConfirming(false);
          onOutcome({ tone: "success", text: `Disabled ${updated.email}.` });
        },
        onError: (err) => setDialogError(errorMessageOf(err)),
      },
    );
  }

  return (
    <AlertDialog open={isConfirming} onOpenChange={handleOpenChange}>
      <AlertDialogTrigger asChild>
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Disable ${user.email}`}
          disabled={isSelf}
          title={isSelf ? "You can't disable your own account." : undefined}
        >
          Disable
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>Disable {user.name}?</AlertDialogTitle>
        <AlertDialogDescription>
          {user.email} will not be able to sign in until an admin enables the account again.
        </AlertDialogDescription>
        <StatusMessage message={dialogError} testId="disable-user-error" />
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: that closes at once, and the dialog must stay to show a refusal. */}
          <Button variant="destructive" isLoading={updateUser.isPending} onClick={disableUser}>
            Disable user
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
