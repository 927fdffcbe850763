"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch, searchParamsOf } from "@/lib/client/api-fetch";
import {
  coverageMatchingSchema,
  coveragePageSchema,
  coverageSummarySchema,
  type CoverageFilters,
  type CoverageQuery,
} from "@/lib/schemas/coverage";

// Coverage: the worker's inventory of every region's ECS instances, read from PostgreSQL through /api/coverage.

/** The page is read again this often while it is visible (react-query pauses the interval in a hidden tab). */
export const COVERAGE_POLL_MS = 10_000;

export function coverageListQuery(query: Partial<CoverageQuery>) {
  return queryOptions({
    queryKey: ["coverage", "list", query],
    queryFn: ({ signal }) => apiFetch(`/api/coverage?${searchParamsOf(query)}`, { schema: coveragePageSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: COVERAGE_POLL_MS,
  });
}

/** Protect's "Select all N matching": the ids the filters match in one region, up to a plan's 99. */
export function coverageMatchingQuery(filters: CoverageFilters & { regionId: string }) {
  return queryOptions({
    queryKey: ["coverage", "matching", filters],
    queryFn: ({ signal }) => apiFetch(`/api/coverage/matching?${searchParamsOf(filters)}`, { schema: coverageMatchingSchema, signal }),
    staleTime: 0,
  });
}

/** The dashboard's coverage cards (one region, or every region without one). */
export function coverageSummaryQuery(regionId?: string) {
  return queryOptions({
    queryKey: ["coverage", "summary", regionId ?? null],
    queryFn: ({ signal }) => apiFetch(`/api/coverage/summary?${searchParamsOf({ regionId })}`, { schema: coverageSummarySchema, signal }),
    refetchInterval: COVERAGE_POLL_MS,
  });
}

/** The wizard opened on the instances Protect chose. */
export function protectHref(regionId: string, instanceIds: readonly string[]): string {
  return `/plans/new?${new URLSearchParams({ region: regionId, instances: instanceIds.join(",") })}`;
}

/** `/coverage` with filters (the dashboard's cards); the console's region is kept. */
export function coverageHref(filters: { state?: string; regionId?: string }, consoleRegion?: string): string {
  const params = searchParamsOf({ state: filters.state, regionId: filters.regionId, region: consoleRegion });
  const s = params.toString();
  return s ? `/coverage?${s}` : "/coverage";
}
