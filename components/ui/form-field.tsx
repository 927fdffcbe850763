"use client";
import { useId, type ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

export interface FieldControlProps {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  label: string;
  /** Shown under the control and announced with it; also marks the control aria-invalid. */
  error?: string;
  hint?: string;
  /** Allowed but probably not meant: shown under the control and announced with it, without aria-invalid. */
  warning?: string;
  className?: string;
  /** Spread the given props onto the control so label, hint and error are wired to it. */
  children: (control: FieldControlProps) => ReactNode;
}

export function FormField({ label, error, hint, warning, className, children }: FormFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const warningId = warning ? `${id}-warning` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, warningId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {warning ? (
        <p id={warningId} className="text-sm font-medium text-amber-800" data-testid="field-warning">
          {warning}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
