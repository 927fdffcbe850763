"use client";
import { useWatch, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { fromLocalInputValue, toLocalInputValue, viewerTimeZone } from "@/components/shared/schedule-format";
import { errorAt, useFormErrors } from "@/components/shared/form-errors";
import { NextRuns } from "@/components/shared/next-runs";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { labels } from "@/lib/schemas/labels";
import { intervalSchema, intervalUnits, nextRunTimes, retentionUnits, scheduleWarnings, startTimeSchema } from "@/lib/schemas/plan";

// Start Time, Backup Interval and Retention Period, shared by the plan wizard and the policy form. Each field reads
// and writes only the path it is given, so it takes any form: `path` names a field of that form.

/** A form of any shape, with the values it is filled with (T) and those it submits (TOut). */
export type AnyForm<T extends FieldValues, TOut> = UseFormReturn<T, unknown, TOut>;

interface AmountFieldProps<T extends FieldValues, TOut> {
  form: AnyForm<T, TOut>;
  /** Path of a { value, unit } object, e.g. "backupMode.retention". */
  path: Path<T>;
  label: string;
  units: readonly string[];
  hint?: string;
  warning?: string;
}

/** A number and its unit: the number is labelled by `label`, the unit select by "`label` unit". */
function AmountField<T extends FieldValues, TOut>({ form, path, label, units, hint, warning }: AmountFieldProps<T, TOut>) {
  const errors = useFormErrors(form.control);
  const error = errorAt(errors, `${path}.value`) ?? errorAt(errors, `${path}.unit`) ?? errorAt(errors, path);
  return (
    <FormField label={label} hint={hint} warning={warning} error={error}>
      {(control) => (
        <div className="flex max-w-xs gap-2">
          <Input
            {...control}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            className="w-28"
            {...form.register(`${path}.value` as Path<T>, { valueAsNumber: true })}
          />
          <Select aria-label={`${label} unit`} className="w-32" {...form.register(`${path}.unit` as Path<T>)}>
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </Select>
        </div>
      )}
    </FormField>
  );
}

interface FieldProps<T extends FieldValues, TOut> {
  form: AnyForm<T, TOut>;
  path: Path<T>;
}

export function RetentionField<T extends FieldValues, TOut>({ form, path, hint, warning }: FieldProps<T, TOut> & { hint?: string; warning?: string }) {
  return <AmountField form={form} path={path} label={labels.retentionPeriod} units={retentionUnits} hint={hint} warning={warning} />;
}

export function IntervalField<T extends FieldValues, TOut>({ form, path }: FieldProps<T, TOut>) {
  return <AmountField form={form} path={path} label={labels.backupInterval} units={intervalUnits} />;
}

/** Start Time to the second in the viewer's zone; the form holds it as a UTC ISO string. */
export function StartTimeField<T extends FieldValues, TOut>({ form, path, warning }: FieldProps<T, TOut> & { warning?: string }) {
  const value = useWatch({ control: form.control, name: path }) as string | undefined;
  const error = errorAt(useFormErrors(form.control), path);
  return (
    <FormField label={labels.startTime} hint={`Your time zone: ${viewerTimeZone()}. Stored in UTC.`} warning={warning} error={error}>
      {(control) => (
        <Input
          {...control}
          type="datetime-local"
          step={1}
          className="max-w-xs"
          value={value ? toLocalInputValue(value) : ""}
          onChange={(e) =>
            form.setValue(path, fromLocalInputValue(e.target.value) as never, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })
          }
        />
      )}
    </FormField>
  );
}

interface ScheduleFieldsProps<T extends FieldValues, TOut> {
  form: AnyForm<T, TOut>;
  /** Where the form keeps `startTime`, `interval` and `retention`: "backupMode.schedule", or "" at the top. */
  prefix: string;
  /** The next-runs heading's id. */
  headingId: string;
  /** Show the warnings of schedules that are allowed but probably not meant. */
  withWarnings?: boolean;
}

/** Start Time, Backup Interval, Retention Period (with warnings, when asked, where they are probably not meant) and a preview of the next five runs. */
export function ScheduleFields<T extends FieldValues, TOut>({ form, prefix, headingId, withWarnings = false }: ScheduleFieldsProps<T, TOut>) {
  const pathOf = (name: "startTime" | "interval" | "retention") => (prefix ? `${prefix}.${name}` : name) as Path<T>;
  const startTime = useWatch({ control: form.control, name: pathOf("startTime") }) as string | undefined;
  const interval: unknown = useWatch({ control: form.control, name: pathOf("interval") });
  const retention: unknown = useWatch({ control: form.control, name: pathOf("retention") });
  const start = startTimeSchema.safeParse(startTime);
  const every = intervalSchema.safeParse(interval);
  const runs = start.success && every.success ? nextRunTimes(start.data, every.data, 5) : [];
  const warnings = withWarnings ? scheduleWarnings({ startTime, interval, retention }) : {};
  return (
    <>
      <StartTimeField form={form} path={pathOf("startTime")} warning={warnings.startTime} />
      <IntervalField form={form} path={pathOf("interval")} />
      <RetentionField form={form} path={pathOf("retention")} hint="How long each backup is kept." warning={warnings.retention} />
      <NextRuns runs={runs} headingId={headingId} emptyText="Enter a start time and an interval to see when backups will run." />
    </>
  );
}
