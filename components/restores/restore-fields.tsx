"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { FieldValues, Path, UseFormRegisterReturn, UseFormReturn } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import { useCreateRestore } from "@/lib/client/restores";
import { diskCategoryLabels, essdPerformanceLevels, type CreateRestore, type restoreDiskCategories } from "@/lib/schemas/restore";

/** An on/off choice of the restore dialog, with a line saying what it does. */
export function SwitchField({ label, description, checked, onCheckedChange, disabled }: { label: string; description: string; checked: boolean; onCheckedChange: (on: boolean) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="grid grid-cols-[auto_1fr] items-start gap-x-3 gap-y-1">
      <Switch id={id} aria-label={label} aria-describedby={`${id}-description`} checked={checked} disabled={disabled} onCheckedChange={onCheckedChange} />
      <label htmlFor={id} aria-hidden="true" className="text-sm font-medium text-slate-900">
        {label}
      </label>
      <p id={`${id}-description`} className="col-start-2 text-sm text-slate-600">
        {description}
      </p>
    </div>
  );
}

interface DiskCategoryFieldsProps {
  /** The categories the target zone sells. */
  categories: readonly (typeof restoreDiskCategories)[number][];
  category: UseFormRegisterReturn<"diskCategory">;
  level: UseFormRegisterReturn<"diskPerformanceLevel">;
  /** The chosen category (the select follows it when the offer changes); ESSD also asks for a performance level. */
  value: string | undefined;
  errors: { category?: string; level?: string };
}

/** The category of the disks a restore creates, and an ESSD's performance level. */
export function DiskCategoryFields({ categories, category, level, value, errors }: DiskCategoryFieldsProps) {
  return (
    <>
      <FormField label="Disk category" error={errors.category}>
        {(control) => (
          <Select {...control} {...category} value={value}>
            {categories.map((c) => (
              <option key={c} value={c}>
                {diskCategoryLabels[c]}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {value === "cloud_essd" ? (
        <FormField label="ESSD performance level" error={errors.level}>
          {(control) => (
            <Select {...control} {...level}>
              {essdPerformanceLevels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      ) : null}
    </>
  );
}

/**
 * Sends a restore and, once the server has queued it, closes the dialog and opens the Restore Center. Field errors
 * land on their fields; the rest (a field the form does not show, or no field at all) becomes the form's message.
 */
export function useSubmitRestore<T extends FieldValues, TOut extends CreateRestore>(form: UseFormReturn<T, unknown, TOut>, shownPaths: readonly string[], onDone: () => void) {
  const router = useRouter();
  const create = useCreateRestore();
  const [formError, setFormError] = useState<string | null>(null);

  async function onValid(values: TOut) {
    setFormError(null);
    try {
      await create.mutateAsync(values);
      onDone();
      router.push("/restores");
    } catch (err) {
      // Focus once the fieldset, disabled while sending, is enabled again.
      const firstShown = err instanceof ApiClientError ? Object.keys(err.fieldErrors).find((path) => shownPaths.includes(path)) : undefined;
      if (applyFieldErrors(form, err) && firstShown) requestAnimationFrame(() => form.setFocus(firstShown as Path<T>));
      const elsewhere = err instanceof ApiClientError ? Object.entries(err.fieldErrors).filter(([path]) => !shownPaths.includes(path)) : [];
      if (err instanceof ApiClientError && Object.keys(err.fieldErrors).length > 0 && elsewhere.length === 0) return;
      const requestId = err instanceof ApiClientError && err.requestId ? ` (RequestId ${err.requestId})` : "";
      const details = elsewhere.flatMap(([, messages]) => messages).join(" ");
      setFormError(`The restore could not be started: ${details || errorMessageOf(err)}${requestId}`);
    }
  }

  return { onSubmit: form.handleSubmit(onValid), formError, isPending: create.isPending };
}
