"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch, searchParamsOf } from "@/lib/client/api-fetch";
import { auditListSchema, type AuditListQuery } from "@/lib/schemas/audit";

/** The audit list's filters as sent to GET /api/audit; absent ones are left to the server's defaults. */
export type AuditFilters = Partial<AuditListQuery>;

export function auditListQuery(filters: AuditFilters) {
  return queryOptions({
    queryKey: ["audit", "list", filters],
    queryFn: ({ signal }) => apiFetch(`/api/audit?${searchParamsOf(filters)}`, { schema: auditListSchema, signal }),
    placeholderData: keepPreviousData,
  });
}
