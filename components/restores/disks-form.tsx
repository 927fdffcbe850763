"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { RestoreFooter } from "@/components/restores/restore-footer";
import { DiskCategoryFields, SwitchField, useSubmitRestore } from "@/components/restores/restore-fields";
import { errorAt, useFormErrors } from "@/components/shared/form-errors";
import { Callout } from "@/components/ui/callout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useDebouncedValue } from "@/lib/client/hooks/use-debounced-value";
import { instancesQuery } from "@/lib/client/instances";
import { restoreOptionsQuery } from "@/lib/client/restores";
import { regionNameOf } from "@/lib/schemas/region-names";
import { disksRestoreSchema, restoreDiskCategories, type BackupPoint } from "@/lib/schemas/restore";

type FormInput = z.input<typeof disksRestoreSchema>;
type FormOutput = z.output<typeof disksRestoreSchema>;

const SHOWN_PATHS = ["targetInstanceId", "diskCategory", "diskPerformanceLevel", "stopInstance"] as const;
const SEARCH_PAGE_SIZE = 10;

/** Restore disks: the disks of the backup point, cloned to an instance the admin picks (its own: rolled back in place). */
export function DisksForm({ point, onDone }: { point: BackupPoint; onDone: () => void }) {
  const [defaults] = useState<FormInput>(() => ({
    kind: "disks",
    backupJobId: point.backupJobId,
    restoreRegionId: point.regionId,
    targetInstanceId: "",
    diskCategory: "cloud_essd",
    diskPerformanceLevel: "PL1",
    stopInstance: true,
  }));
  // The member of createRestoreSchema the server parses this kind with.
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(disksRestoreSchema), defaultValues: defaults });
  const errors = useFormErrors(form.control);
  const { onSubmit, formError, isPending } = useSubmitRestore(form, SHOWN_PATHS, onDone);
  const [targetInstanceId, diskCategory, stopInstance] = useWatch({ control: form.control, name: ["targetInstanceId", "diskCategory", "stopInstance"] });
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim());
  const instances = useQuery(instancesQuery(point.regionId, { q, page: 1, pageSize: SEARCH_PAGE_SIZE }));
  const [picked, setPicked] = useState<{ instanceId: string; instanceName: string; zoneId: string } | null>(null);
  const options = useQuery(restoreOptionsQuery(point.regionId));
  const zone = options.data?.zones.find((z) => z.zoneId === picked?.zoneId);
  const diskCategories = restoreDiskCategories.filter((c) => !zone || zone.diskCategories.includes(c));
  const isInPlace = targetInstanceId === point.instanceId;
  const targetsId = useId();
  const targetError = errorAt(errors, "targetInstanceId");

  // A category the target's zone does not sell is replaced by one it does.
  useEffect(() => {
    if (zone && diskCategory && !zone.diskCategories.includes(diskCategory) && diskCategories[0]) form.setValue("diskCategory", diskCategories[0], { shouldDirty: true });
  }, [zone, diskCategory, diskCategories, form]);

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Restore disks">
      <fieldset disabled={isPending} className="grid gap-4">
        <div className="grid gap-2">
          <FormField label={`Search instances in ${regionNameOf(point.regionId)}`} hint="Name or instance ID.">
            {(control) => <Input {...control} type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />}
          </FormField>
          <fieldset className="grid gap-1" aria-describedby={targetError ? `${targetsId}-error` : undefined} aria-invalid={targetError ? true : undefined}>
            <legend className="mb-1 text-sm font-medium text-slate-900">Target instance</legend>
            {instances.isError ? (
              <Callout tone="danger">{errorMessageOf(instances.error)}</Callout>
            ) : instances.isPending ? (
              <p className="text-sm text-slate-600" role="status">
                Loading instances…
              </p>
            ) : instances.data.instances.length === 0 ? (
              <p className="text-sm text-slate-600">No instances match{q ? ` “${q}”` : ""}.</p>
            ) : (
              <ul className="grid max-h-48 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2" aria-busy={instances.isPlaceholderData || undefined}>
                {instances.data.instances.map((i) => (
                  <li key={i.instanceId}>
                    <label className="flex cursor-pointer items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name={targetsId}
                        className="size-4 cursor-pointer accent-blue-700"
                        checked={targetInstanceId === i.instanceId}
                        onChange={() => {
                          setPicked({ instanceId: i.instanceId, instanceName: i.instanceName, zoneId: i.zoneId });
                          form.setValue("targetInstanceId", i.instanceId, { shouldDirty: true, shouldValidate: true });
                        }}
                      />
                      <span>
                        {i.instanceName} <span className="font-mono text-xs text-slate-600">{i.instanceId}</span>{" "}
                        <span className="text-xs text-slate-600">
                          {i.zoneId} · {i.status}
                          {i.instanceId === point.instanceId ? " · the backup's own instance" : ""}
                        </span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {targetError ? (
              <p id={`${targetsId}-error`} className="text-sm font-medium text-red-700">
                {targetError}
              </p>
            ) : null}
          </fieldset>
          {picked && picked.instanceId === targetInstanceId && !instances.data?.instances.some((i) => i.instanceId === picked.instanceId) ? (
            <p className="text-sm text-slate-700">
              Target: {picked.instanceName} <span className="font-mono text-xs">{picked.instanceId}</span>
            </p>
          ) : null}
        </div>
        {isInPlace ? (
          <Callout tone="warning" data-testid="disks-in-place">
            This is the backup&apos;s own instance: its disks are rolled back in place, and what was written to them since the backup is lost.
          </Callout>
        ) : null}
        <div className="grid gap-1" data-testid="restore-disks-list">
          <p className="text-sm font-medium text-slate-900">Disks of the backup point</p>
          <ul className="grid gap-0.5">
            {point.diskIds.map((diskId) => (
              <li key={diskId} className="font-mono text-xs">
                {diskId}
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-700">HBR restores every disk of a backup point together: each of these becomes a disk of the chosen instance.</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <DiskCategoryFields
            categories={diskCategories}
            category={form.register("diskCategory")}
            level={form.register("diskPerformanceLevel")}
            value={diskCategory}
            errors={{ category: errorAt(errors, "diskCategory"), level: errorAt(errors, "diskPerformanceLevel") }}
          />
        </div>
        {isInPlace ? (
          <SwitchField
            label="Stop the instance first"
            description="A Running instance must be stopped before its disks are rolled back: the restore stops it. Turned off, the restore is refused if the instance is Running."
            checked={stopInstance ?? true}
            onCheckedChange={(on) => form.setValue("stopInstance", on, { shouldDirty: true })}
          />
        ) : null}
      </fieldset>
      <RestoreFooter formError={formError} isPending={isPending} submitLabel="Restore disks" isDisabled={point.diskIds.length === 0} />
    </form>
  );
}
