"use client";
import { useQuery } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { LoadingRows } from "@/components/layout/load-states";
import { instancesText } from "@/components/shared/schedule-format";
import { policyQuery, useDeletePolicy } from "@/lib/client/policies";
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
import { StatusMessage } from "@/components/ui/status-message";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { BOUND_INSTANCES_FIELD, boundInstanceLabel } from "@/lib/schemas/policy";

interface DeletePolicyDialogProps {
  regionId: string;
  policy: { policyId: string; policyName: string };
  onDone: (message: string) => void;
}

/** The instances that keep a policy from being deleted, as the API or the fresh read names them. */
function Refusal({ items }: { items: string[] }) {
  return (
    <ul aria-label="Bound instances" className="grid max-h-56 gap-1 overflow-y-auto rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid="policy-delete-refusal">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/**
 * Delete asks first. Opening it reads the policy's bindings again: a policy that still protects instances is
 * refused here with their list, and if an instance was bound in the meantime the API's 409 brings the list instead.
 */
export function DeletePolicyDialog({ regionId, policy, onDone }: DeletePolicyDialogProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; items: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ ...policyQuery(regionId, policy.policyId), enabled: isOpen, staleTime: 0 });
  const remove = useDeletePolicy(regionId);

  function handleOpenChange(open: boolean) {
    setIsOpen(open);
    if (!open) {
      setRefusal(null);
      setError(null);
    }
  }

  async function handleDelete() {
    setError(null);
    try {
      await remove.mutateAsync(policy.policyId);
      handleOpenChange(false);
      onDone(`Deleted backup policy ${policy.policyName} (${policy.policyId}).`);
    } catch (err) {
      if (err instanceof ApiClientError && err.code === "CONFLICT" && err.fieldErrors[BOUND_INSTANCES_FIELD]?.length) {
        setRefusal({ message: err.message, items: err.fieldErrors[BOUND_INSTANCES_FIELD] });
      } else {
        setError(errorMessageOf(err));
      }
    }
  }

  const bound = detail.data?.boundInstances ?? [];
  const isChecking = isOpen && detail.isFetching && !refusal;
  const shown = refusal ?? (!isChecking && bound.length > 0 ? { message: null, items: bound.map(boundInstanceLabel) } : null);

  return (
    <AlertDialog open={isOpen} onOpenChange={handleOpenChange}>
      <AlertDialogTrigger asChild>
        <Button variant="secondary" size="sm" aria-label={`Delete ${policy.policyName}`}>
          <Trash2 aria-hidden="true" />
          Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>{shown ? `${policy.policyName} can't be deleted` : `Delete ${policy.policyName}?`}</AlertDialogTitle>
        {isChecking ? (
          <>
            <AlertDialogDescription>Checking which instances are bound to {policy.policyId}…</AlertDialogDescription>
            <LoadingRows label="Checking the policy's bound instances…" rows={2} />
          </>
        ) : shown ? (
          <>
            <AlertDialogDescription>
              {shown.message ??
                `It still protects ${instancesText(shown.items.length)}. Deleting it would unbind them and stop their backups: unbind them first (delete the protection plans that use it), then delete the policy.`}
            </AlertDialogDescription>
            <Refusal items={shown.items} />
          </>
        ) : (
          <AlertDialogDescription>
            {detail.isError
              ? `The policy's bound instances could not be read (${errorMessageOf(detail.error)}). The console will still refuse to delete it if any are bound.`
              : `No instance is bound to ${policy.policyId}. This deletes the policy in HBR; backups already made are kept until their retention period ends.`}
          </AlertDialogDescription>
        )}
        <StatusMessage message={error} testId="policy-delete-error" />
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary">{shown ? "Close" : "Cancel"}</Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: that closes at once, and the dialog must stay to show a refusal. */}
          {shown || isChecking ? null : (
            <Button variant="destructive" isLoading={remove.isPending} onClick={handleDelete}>
              Delete policy
            </Button>
          )}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
