"use client";
import { useId } from "react";
import { useWatch } from "react-hook-form";
import { RetentionField } from "@/components/plans/wizard/duration-fields";
import { errorAt, usePlanErrors, type PlanForm } from "@/components/plans/wizard/wizard-form";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { Region } from "@/lib/schemas/inventory";
import { labels } from "@/lib/schemas/labels";

interface ReplicationStepProps {
  form: PlanForm;
  regionId: string;
  regions: readonly Region[];
}

export function ReplicationStep({ form, regionId, regions }: ReplicationStepProps) {
  const switchId = useId();
  const errors = usePlanErrors(form);
  const isEnabled = useWatch({ control: form.control, name: "replication.enabled" });
  const destinations = regions.filter((r) => r.regionId !== regionId);

  function setEnabled(on: boolean) {
    const current = form.getValues("replication");
    form.clearErrors("replication");
    // Keys exist from the start, so a server error on them can land on the field.
    form.setValue(
      "replication",
      on
        ? { enabled: true, destinationRegionId: current.destinationRegionId ?? "", retention: current.retention ?? { value: 7, unit: "days" } }
        : { enabled: false },
      { shouldDirty: true },
    );
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
              <Select {...control} className="max-w-xs" {...form.register("replication.destinationRegionId")}>
                <option value="">Choose a region</option>
                {destinations.map((r) => (
                  <option key={r.regionId} value={r.regionId}>
                    {r.localName}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <RetentionField form={form} path="replication.retention" hint="How long the copies are kept in the destination region." />
        </div>
      ) : null}
    </div>
  );
}
