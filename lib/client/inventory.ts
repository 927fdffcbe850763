import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { instanceListSchema, policyListSchema, prerequisitesSchema, regionListSchema } from "@/lib/schemas/inventory";

// Live views of the cloud, read through /api. Inventory changes slowly; prerequisites are re-checked on demand.

const regionPath = (regionId: string) => `/api/regions/${encodeURIComponent(regionId)}`;

export function regionsQuery() {
  return queryOptions({
    queryKey: ["regions"],
    queryFn: ({ signal }) => apiFetch("/api/regions", { schema: regionListSchema, signal }),
    staleTime: 5 * 60_000,
  });
}

export interface InstanceFilters {
  q: string;
  page: number;
  pageSize: number;
}

export function instancesQuery(regionId: string, { q, page, pageSize }: InstanceFilters) {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q) params.set("q", q);
  return queryOptions({
    queryKey: ["regions", regionId, "instances", { q, page, pageSize }],
    queryFn: ({ signal }) => apiFetch(`${regionPath(regionId)}/instances?${params}`, { schema: instanceListSchema, signal }),
    // The table keeps showing the previous page while the next one loads, so it does not jump.
    placeholderData: keepPreviousData,
  });
}

export function policiesQuery(regionId: string) {
  return queryOptions({
    queryKey: ["regions", regionId, "policies"],
    queryFn: ({ signal }) => apiFetch(`${regionPath(regionId)}/policies`, { schema: policyListSchema, signal }),
  });
}

export function prerequisitesQuery(regionId: string, instanceId: string) {
  return queryOptions({
    queryKey: ["regions", regionId, "instances", instanceId, "prerequisites"],
    queryFn: ({ signal }) =>
      apiFetch(`${regionPath(regionId)}/instances/${encodeURIComponent(instanceId)}/prerequisites`, {
        schema: prerequisitesSchema,
        signal,
      }),
    // A live checklist: what the instance looked like a minute ago is not good enough.
    staleTime: 0,
  });
}
