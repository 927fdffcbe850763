import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { ApiClientError } from "@/lib/client/api-fetch";

function hasPath(values: unknown, path: string): boolean {
  let current: unknown = values;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Puts each server field error ("schedule.retention": [...]) on the form field with that path and focuses the
 * first. Returns whether any landed; errors for paths the form does not have are left to the caller's message.
 */
export function applyFieldErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, "setError" | "getValues">,
  err: unknown,
): boolean {
  if (!(err instanceof ApiClientError)) return false;
  const values = form.getValues();
  let hasApplied = false;
  for (const [path, messages] of Object.entries(err.fieldErrors)) {
    if (messages.length === 0 || !hasPath(values, path)) continue;
    form.setError(path as Path<T>, { type: "server", message: messages.join(" ") }, { shouldFocus: !hasApplied });
    hasApplied = true;
  }
  return hasApplied;
}
