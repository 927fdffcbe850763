"use client";
import { useId } from "react";
import { type UseFormReturn } from "react-hook-form";
import { errorAt, useFormErrors } from "@/components/shared/form-errors";
import { ReplicationSettings } from "@/components/shared/replication-settings";
import { ScheduleFields as ScheduleFieldsOf } from "@/components/shared/schedule-fields";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { labels } from "@/lib/schemas/labels";
import type { PolicyForm, PolicyFormInput } from "@/lib/schemas/policy";
import type { Region } from "@/lib/schemas/regions";

// The fields of the Create policy / Edit policy form are the plan wizard's own Start Time, Backup Interval,
// Retention Period and Replication to Other Region controls (components/shared), given the policy form's paths.

export type PolicyFormApi = UseFormReturn<PolicyFormInput, unknown, PolicyForm>;

export function PolicyNameField({ form }: { form: PolicyFormApi }) {
  const errors = useFormErrors(form.control);
  return (
    <FormField label="Policy name" error={errorAt(errors, "policyName")}>
      {(control) => <Input {...control} className="max-w-md" autoComplete="off" {...form.register("policyName")} />}
    </FormField>
  );
}

/** Start Time, Backup Interval, Retention Period and the next five runs, as one named group. */
export function ScheduleFields({ form }: { form: PolicyFormApi }) {
  const runsHeadingId = useId();
  return (
    <fieldset className="grid gap-4">
      <legend className="mb-2 text-sm font-semibold text-slate-900">Backup schedule</legend>
      <ScheduleFieldsOf form={form} prefix="" headingId={runsHeadingId} />
    </fieldset>
  );
}

/** Replication to Other Region, as a group of that name, so its Retention Period is told apart from the schedule's. */
export function ReplicationFields({ form, regionId, regions }: { form: PolicyFormApi; regionId: string; regions: readonly Region[] }) {
  return (
    <div role="group" aria-label={labels.replication}>
      <ReplicationSettings form={form} regionId={regionId} regions={regions} />
    </div>
  );
}
