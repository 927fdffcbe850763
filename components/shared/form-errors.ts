import { get, useFormState, type Control, type FieldErrors, type FieldValues } from "react-hook-form";

/** The message at a dotted path, including errors RHF keeps on an array's `root`. */
export function errorAt<T extends FieldValues>(errors: FieldErrors<T>, path: string): string | undefined {
  const node = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  return node?.message ?? node?.root?.message;
}

/** The form's errors, subscribed in the component that shows them (formState read through props does not re-render). */
export function useFormErrors<T extends FieldValues, TOut>(control: Control<T, unknown, TOut>): FieldErrors<T> {
  return useFormState<T, TOut>({ control }).errors;
}
