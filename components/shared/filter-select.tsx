"use client";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";

interface FilterSelectProps {
  label: string;
  className?: string;
  /** The value in the URL; "" = no filter. */
  value: string;
  /** The choice that sets no filter: "All statuses", "Any". */
  anyLabel: string;
  /** The choices, in order: [value, label]. */
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}

/** One filter of a list's filter bar: a labelled select whose first choice clears it. */
export function FilterSelect({ label, className, value, anyLabel, options, onChange }: FilterSelectProps) {
  return (
    <FormField label={label} className={className}>
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{anyLabel}</option>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </Select>
      )}
    </FormField>
  );
}

/** Choices from a list of values and their labels. */
export const optionsOf = <K extends string>(values: readonly K[], labelOf: (value: K) => string) => values.map((v) => [v, labelOf(v)] as const);
