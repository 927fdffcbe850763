"use client";
import { useWatch } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { fromLocalInputValue, toLocalInputValue, viewerTimeZone } from "@/components/plans/plan-format";
import { errorAt, usePlanErrors, type PlanForm, type PlanPath } from "@/components/plans/wizard/wizard-form";
import { labels } from "@/lib/schemas/labels";
import { intervalUnits, retentionUnits } from "@/lib/schemas/plan";

interface AmountFieldProps {
  form: PlanForm;
  /** Path of a { value, unit } object, e.g. "backupMode.retention". */
  path: string;
  label: string;
  units: readonly string[];
  hint?: string;
  warning?: string;
}

/** A number and its unit: the number is labelled by `label`, the unit select by "`label` unit". */
function AmountField({ form, path, label, units, hint, warning }: AmountFieldProps) {
  const errors = usePlanErrors(form);
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
            {...form.register(`${path}.value` as PlanPath, { valueAsNumber: true })}
          />
          <Select aria-label={`${label} unit`} className="w-32" {...form.register(`${path}.unit` as PlanPath)}>
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

export function RetentionField({ form, path, hint, warning }: { form: PlanForm; path: string; hint?: string; warning?: string }) {
  return <AmountField form={form} path={path} label={labels.retentionPeriod} units={retentionUnits} hint={hint} warning={warning} />;
}

export function IntervalField({ form, path }: { form: PlanForm; path: string }) {
  return <AmountField form={form} path={path} label={labels.backupInterval} units={intervalUnits} />;
}

/** Start Time to the second in the viewer's zone; the form holds it as a UTC ISO string. */
export function StartTimeField({ form, path, warning }: { form: PlanForm; path: string; warning?: string }) {
  const value = useWatch({ control: form.control, name: path as PlanPath }) as string | undefined;
  const error = errorAt(usePlanErrors(form), path);
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
            form.setValue(path as PlanPath, fromLocalInputValue(e.target.value), { shouldDirty: true, shouldValidate: form.formState.isSubmitted })
          }
        />
      )}
    </FormField>
  );
}
