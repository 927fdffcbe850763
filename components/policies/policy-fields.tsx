"use client";
import { useId } from "react";
import { get, useFormState, useWatch, type UseFormReturn } from "react-hook-form";
import { NextRuns } from "@/components/plans/next-runs";
import { IntervalField, RetentionField, StartTimeField } from "@/components/plans/wizard/duration-fields";
import { ReplicationStep } from "@/components/plans/wizard/replication-step";
import type { PlanForm } from "@/components/plans/wizard/wizard-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { Region } from "@/lib/schemas/inventory";
import { labels } from "@/lib/schemas/labels";
import { intervalSchema, nextRunTimes, startTimeSchema } from "@/lib/schemas/plan";
import type { PolicyForm, PolicyFormInput } from "@/lib/schemas/policy";

// The fields of the Create policy / Edit policy form are the plan wizard's own Start Time, Backup Interval,
// Retention Period and Replication to Other Region controls. Those read and write only the paths they are given
// (and `replication.*`, where the policy form keeps replication too), so the policy form is handed to them as the
// form type they are declared with.

export type PolicyFormApi = UseFormReturn<PolicyFormInput, unknown, PolicyForm>;
const asFieldsForm = (form: PolicyFormApi) => form as unknown as PlanForm;

export function PolicyNameField({ form }: { form: PolicyFormApi }) {
  const { errors } = useFormState({ control: form.control });
  return (
    <FormField label="Policy name" error={(get(errors, "policyName") as { message?: string } | undefined)?.message}>
      {(control) => <Input {...control} className="max-w-md" autoComplete="off" {...form.register("policyName")} />}
    </FormField>
  );
}

/** Start Time, Backup Interval, Retention Period and the next five runs, as one named group. */
export function ScheduleFields({ form }: { form: PolicyFormApi }) {
  const runsHeadingId = useId();
  const startTime = useWatch({ control: form.control, name: "startTime" });
  const interval = useWatch({ control: form.control, name: "interval" });
  const start = startTimeSchema.safeParse(startTime);
  const every = intervalSchema.safeParse(interval);
  const runs = start.success && every.success ? nextRunTimes(start.data, every.data, 5) : [];
  return (
    <fieldset className="grid gap-4">
      <legend className="mb-2 text-sm font-semibold text-slate-900">Backup schedule</legend>
      <StartTimeField form={asFieldsForm(form)} path="startTime" />
      <IntervalField form={asFieldsForm(form)} path="interval" />
      <RetentionField form={asFieldsForm(form)} path="retention" hint="How long each backup is kept." />
      <NextRuns runs={runs} headingId={runsHeadingId} emptyText="Enter a start time and an interval to see when backups will run." />
    </fieldset>
  );
}

/** Replication to Other Region, as a group of that name, so its Retention Period is told apart from the schedule's. */
export function ReplicationFields({ form, regionId, regions }: { form: PolicyFormApi; regionId: string; regions: readonly Region[] }) {
  return (
    <div role="group" aria-label={labels.replication}>
      <ReplicationStep form={asFieldsForm(form)} regionId={regionId} regions={regions} />
    </div>
  );
}
