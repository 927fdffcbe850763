"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch, searchParamsOf } from "@/lib/client/api-fetch";
import { isJobMoving, jobListSchema, type AnyJobRow, type JobListQuery } from "@/lib/schemas/jobs";

/** While a job (restore, drill) shown runs, the list is read again this often (the worker follows running jobs every 2 s). */
const POLL_MS = 2_000;

/** The jobs list's filters as sent to GET /api/jobs; absent ones are left to the server's defaults. */
export type JobFilterParams = Partial<JobListQuery>;

export const isJobRunning = (job: Pick<AnyJobRow, "type" | "status">) => isJobMoving(job.type, job.status);

export function jobListQuery(filters: JobFilterParams) {
  return queryOptions({
    queryKey: ["jobs", "list", filters],
    queryFn: ({ signal }) => apiFetch(`/api/jobs?${searchParamsOf(filters)}`, { schema: jobListSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.jobs.some(isJobRunning) ? POLL_MS : false),
  });
}

/** The CSV download of the same filters (without paging). */
export function jobsExportHref(filters: JobFilterParams): string {
  const { page: _page, pageSize: _pageSize, ...rest } = filters;
  const params = searchParamsOf(rest).toString();
  return params ? `/api/jobs/export?${params}` : "/api/jobs/export";
}
