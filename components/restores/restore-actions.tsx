"use client";
import { Ban, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useCancelRestore, useRetryRestore } from "@/lib/client/restores";
import { restoreKindLabels, type Restore } from "@/lib/schemas/restore";

/** Retry on a failed restore, Cancel (confirmed) on one not yet final; admins only, so the caller decides to show it. */
export function RestoreActions({ restore, onError }: { restore: Restore; onError: (message: string | null) => void }) {
  const retry = useRetryRestore();
  const cancel = useCancelRestore();
  const target = restore.backupPoint.instanceName ?? restore.backupPoint.instanceId;

  async function handleRetry() {
    onError(null);
    try {
      await retry.mutateAsync(restore.id);
    } catch (err) {
      onError(`Retry failed: ${errorMessageOf(err)}`);
    }
  }

  async function handleCancel() {
    onError(null);
    try {
      await cancel.mutateAsync(restore.id);
    } catch (err) {
      onError(`Cancel failed: ${errorMessageOf(err)}`);
    }
  }

  if (restore.status === "failed") {
    return (
      <Button variant="secondary" size="sm" isLoading={retry.isPending} onClick={handleRetry}>
        <RotateCcw aria-hidden="true" />
        Retry
        <span className="sr-only"> restore {restore.id}</span>
      </Button>
    );
  }
  if (restore.status === "pending" || restore.status === "running") {
    return (
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm">
            <Ban aria-hidden="true" />
            Cancel
            <span className="sr-only"> restore {restore.id}</span>
          </Button>
        }
        title="Cancel this restore?"
        description={`${restoreKindLabels[restore.kind]} from the backup of ${target}: HBR is asked to stop the restore job. What it has already written (a new instance, restored disks) may stay and is reported in the steps.`}
        confirmLabel="Cancel restore"
        variant="destructive"
        isPending={cancel.isPending}
        onConfirm={handleCancel}
      />
    );
  }
  return null;
}
