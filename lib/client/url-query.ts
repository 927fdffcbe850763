import type { z } from "zod";

/**
 * A list's query from its URL: the schema's parse of `input`, with every field it refuses left out (a hand-edited or
 * stale link still shows the list, unfiltered where it was wrong), else the schema's defaults.
 */
export function parseUrlQuery<S extends z.ZodType<unknown, Record<string, unknown>>>(schema: S, input: Record<string, string | undefined>): z.output<S> {
  const fields = { ...input };
  let parsed = schema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) delete fields[String(issue.path[0])];
    parsed = schema.safeParse(fields);
  }
  return parsed.success ? parsed.data : schema.parse({});
}
