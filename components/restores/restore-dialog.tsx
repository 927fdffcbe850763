"use client";
import { useId, useState } from "react";
import { backupPointText, replicaText } from "@/components/restores/backup-point-text";
import { DisksForm } from "@/components/restores/disks-form";
import { NewInstanceForm } from "@/components/restores/new-instance-form";
import { RollbackForm } from "@/components/restores/rollback-form";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { restoreKindLabels, restoreKinds, type BackupPoint, type RestoreKind } from "@/lib/schemas/restore";

const kindHints: Record<RestoreKind, string> = {
  newInstance: "A new ECS instance from this backup point; the original keeps running.",
  rollback: "The original instance's disks go back to this backup point.",
  disks: "Disks from this backup point, attached to an instance you pick.",
};

/** Restore one backup point: choose the kind, then fill in that kind's form. Esc or Cancel closes without restoring. */
export function RestoreDialog({ point, onClose }: { point: BackupPoint; onClose: () => void }) {
  const [kind, setKind] = useState<RestoreKind>("newInstance");
  const name = useId();
  return (
    <Dialog open onOpenChange={(isOpen) => (isOpen ? undefined : onClose())}>
      <DialogContent className="max-w-2xl" data-testid="restore-dialog">
        <DialogHeader>
          <DialogTitle>Restore {point.instanceName ?? point.instanceId}</DialogTitle>
          <DialogDescription>
            Backup point: {backupPointText(point)}.{point.replicaRegionId ? ` ${replicaText(point.replicaRegionId)}.` : ""}
          </DialogDescription>
        </DialogHeader>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-900">Restore type</legend>
          {restoreKinds.map((k) => (
            <label key={k} className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-2 text-sm has-checked:border-blue-700 has-checked:bg-blue-50">
              <input type="radio" name={name} value={k} checked={kind === k} onChange={() => setKind(k)} className="mt-0.5 size-4 cursor-pointer accent-blue-700" aria-describedby={`${name}-${k}`} />
              <span>
                <span className="font-medium text-slate-900">{restoreKindLabels[k]}</span>
                <span id={`${name}-${k}`} className="block text-slate-600">
                  {kindHints[k]}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {kind === "newInstance" ? <NewInstanceForm point={point} onDone={onClose} /> : null}
        {kind === "rollback" ? <RollbackForm point={point} onDone={onClose} /> : null}
        {kind === "disks" ? <DisksForm point={point} onDone={onClose} /> : null}
      </DialogContent>
    </Dialog>
  );
}
