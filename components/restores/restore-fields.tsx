"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { Switch } from "@/components/ui/switch";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import { useCreateRestore } from "@/lib/client/restores";
import type { CreateRestore } from "@/lib/schemas/restore";

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
