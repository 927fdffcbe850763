import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { dashboardSchema } from "@/lib/schemas/dashboard";

// A review screen left open on a wall or a second monitor: it keeps itself current without a reload.
const REFRESH_MS = 15_000;

export function dashboardQuery(regionId: string) {
  return queryOptions({
    queryKey: ["dashboard", regionId],
    queryFn: ({ signal }) => apiFetch(`/api/dashboard?${new URLSearchParams({ regionId })}`, { schema: dashboardSchema, signal }),
    refetchInterval: REFRESH_MS,
  });
}
