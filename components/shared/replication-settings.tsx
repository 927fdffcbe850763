"use client";
import { useId } from "react";
import { useWatch, type FieldValues, type Path } from "react-hook-form";
import { errorAt, useFormErrors } from "@/components/shared/form-errors";
import { RetentionField, type AnyForm } from "@/components/shared/schedule-fields";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { labels } from "@/lib/schemas/labels";
import type { ReplicationInput } from "@/lib/schemas/plan";
import type { Region } from "@/lib/schemas/regions";

/** A form that keeps Replication to Other Region under `replication` (the plan wizard's, the policy form's). */
type ReplicationForm = FieldValues & { replication: ReplicationInput };

interface ReplicationSettingsProps<T extends ReplicationForm, TOut> {
  form: AnyForm<T, TOut>;
  regionId: string;
  regions: readonly Region[];
}

/** Replication to Other Region: the switch, then the destination region and how long the copies are kept there. */
export function ReplicationSettings<T extends ReplicationForm, TOut>({ form, regionId, regions }: ReplicationSettingsProps<T, TOut>) {
  const switchId = useId();
  const errors = useFormErrors(form.control);
  const path = (name: string) => name as Path<T>;
  const isEnabled = useWatch({ control: form.control, name: path("replication.enabled") }) as boolean | undefined;
  const destinations = regions.filter((r) => r.regionId !== regionId);

  function setEnabled(on: boolean) {
    const current = form.getValues(path("replication")) as ReplicationInput;
    form.clearErrors(path("replication"));
    // Keys exist from the start, so a server error on them can land on the field.
    const next: ReplicationInput = on
      ? { enabled: true, destinationRegionId: current.destinationRegionId ?? "", retention: current.retention ?? { value: 7, unit: "days" } }
      : { enabled: false };
    form.setValue(path("replication"), next as never, { shouldDirty: true });
  }

  return (
    <div className="grid gap-5">
      <p className="text-sm text-slate-700">
        Copies of each backup are replicated to another region, so you can restore there if this region&apos;s data is lost
        or an instance is infected.
      </p>
      <div className="flex items-center gap-3">
        <Switch id={switchId} aria-label={labels.replication} checked={isEnabled} onCheckedChange={setEnabled} />
        <label htmlFor={switchId} aria-hidden="true" className="text-sm font-medium text-slate-900">
          {labels.replication}
        </label>
      </div>
      {isEnabled ? (
        <div className="grid gap-4">
          <FormField label={labels.destinationRegion} error={errorAt(errors, "replication.destinationRegionId")}>
            {(control) => (
              <Select {...control} className="max-w-xs" {...form.register(path("replication.destinationRegionId"))}>
                <option value="">Choose a region</option>
                {destinations.map((r) => (
                  <option key={r.regionId} value={r.regionId}>
                    {r.localName}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <RetentionField form={form} path={path("replication.retention")} hint="How long the copies are kept in the destination region." />
        </div>
      ) : null}
    </div>
  );
}
