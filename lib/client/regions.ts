import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { regionListSchema } from "@/lib/schemas/regions";

// The regions the console's AccessKey sees, with what HBR offers in each: it changes slowly.

export function regionsQuery() {
  return queryOptions({
    queryKey: ["regions"],
    queryFn: ({ signal }) => apiFetch("/api/regions", { schema: regionListSchema, signal }),
    staleTime: 5 * 60_000,
  });
}
