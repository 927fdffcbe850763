"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { RestoreFooter } from "@/components/restores/restore-footer";
import { SwitchField, useSubmitRestore } from "@/components/restores/restore-fields";
import { errorAt, useFormErrors } from "@/components/shared/form-errors";
import { Callout } from "@/components/ui/callout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { consistencyLabels } from "@/lib/schemas/plan";
import { rollbackRestoreSchema, type BackupPoint } from "@/lib/schemas/restore";
import { formatDateTime } from "@/lib/utils";

type FormInput = z.input<typeof rollbackRestoreSchema>;
type FormOutput = z.output<typeof rollbackRestoreSchema>;

const SHOWN_PATHS = ["confirmInstanceName", "backUpFirst", "stopInstance", "bootAfterRestore"] as const;

/** Roll back the original instance: destructive, so it names what is lost and asks for the instance's name. */
export function RollbackForm({ point, onDone }: { point: BackupPoint; onDone: () => void }) {
  const instanceName = point.instanceName ?? point.instanceId;
  const [defaults] = useState<FormInput>(() => ({
    kind: "rollback",
    backupJobId: point.backupJobId,
    restoreRegionId: point.regionId,
    confirmInstanceName: "",
    backUpFirst: true,
    stopInstance: true,
    bootAfterRestore: true,
  }));
  // The member of createRestoreSchema the server parses this kind with.
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(rollbackRestoreSchema), defaultValues: defaults });
  const errors = useFormErrors(form.control);
  const { onSubmit, formError, isPending } = useSubmitRestore(form, SHOWN_PATHS, onDone);
  const [typed, backUpFirst, stopInstance, bootAfterRestore] = useWatch({ control: form.control, name: ["confirmInstanceName", "backUpFirst", "stopInstance", "bootAfterRestore"] });
  const isConfirmed = typed.trim() === instanceName;

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Roll back the original instance">
      <Callout tone="danger" className="grid gap-1" data-testid="rollback-warning">
        <p className="font-medium">
          {instanceName} (<span className="font-mono">{point.instanceId}</span>) is rolled back to its backup point of {formatDateTime(point.createdAt)}
          {point.consistencyLevel ? ` (${consistencyLabels[point.consistencyLevel]})` : ""}.
        </p>
        <p>Everything written to the instance&apos;s disks after that time is lost, unless Back up first keeps a copy.</p>
      </Callout>
      <fieldset disabled={isPending} className="grid gap-4">
        <SwitchField
          label="Back up first"
          description="Makes a fresh backup point of the instance as it is now, before the rollback, so you can go back to today's data."
          checked={backUpFirst ?? true}
          onCheckedChange={(on) => form.setValue("backUpFirst", on, { shouldDirty: true })}
        />
        <SwitchField
          label="Stop the instance first"
          description="A Running instance must be stopped before its disks are rolled back: the restore stops it. Turned off, the restore is refused if the instance is Running."
          checked={stopInstance ?? true}
          onCheckedChange={(on) => form.setValue("stopInstance", on, { shouldDirty: true })}
        />
        <SwitchField
          label="Start the instance after restore"
          description="Off: the instance stays Stopped after the rollback."
          checked={bootAfterRestore ?? true}
          onCheckedChange={(on) => form.setValue("bootAfterRestore", on, { shouldDirty: true })}
        />
        <FormField label={`Type the instance name to confirm: ${instanceName}`} error={errorAt(errors, "confirmInstanceName")}>
          {(control) => <Input {...control} {...form.register("confirmInstanceName")} autoComplete="off" spellCheck={false} />}
        </FormField>
      </fieldset>
      <RestoreFooter formError={formError} isPending={isPending} submitLabel="Roll back instance" variant="destructive" isDisabled={!isConfirmed} />
    </form>
  );
}
