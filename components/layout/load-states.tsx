"use client";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessageOf } from "@/lib/client/api-client-error";

/** A query that failed: what could not be loaded, why, and a way to try again. */
export function LoadError({ what, error, isRetrying, onRetry }: { what: string; error: unknown; isRetrying: boolean; onRetry: () => void }) {
  return (
    <Callout tone="danger" className="grid gap-3">
      <p>
        <span className="font-medium">{what} could not be loaded.</span> {errorMessageOf(error)}
      </p>
      <div>
        <Button variant="secondary" isLoading={isRetrying} onClick={onRetry}>
          Try again
        </Button>
      </div>
    </Callout>
  );
}

/** Skeleton rows while a list loads, announced to screen readers. */
export function LoadingRows({ label, rows = 5, className }: { label: string; rows?: number; className?: string }) {
  return (
    <div aria-busy="true" className={className ?? "grid gap-2"}>
      <p role="status" className="sr-only">
        {label}
      </p>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-8 w-full" />
      ))}
    </div>
  );
}

interface ListQueryState {
  isError: boolean;
  error: unknown;
  isRefetching: boolean;
  refetch: () => unknown;
}

interface ListStatesProps<T> {
  query: ListQueryState & { data: T | undefined };
  /** What the list holds, capitalised as a sentence starts: "Restores", "Audit events". */
  what: string;
  /** Whether the loaded list has no rows. */
  isEmpty: (data: T) => boolean;
  hasFilters: boolean;
  onClearFilters: () => void;
  icon: ReactNode;
  /** The empty state without filters: what the list is for and how to fill it. */
  empty: { title: string; description: ReactNode; action?: ReactNode };
  /** The rows, once there are some. */
  children: (data: T) => ReactNode;
}

/**
 * A filtered list's states, in one place for every list page: the load error with Try again, skeleton rows, an
 * empty state that offers to clear filters which matched nothing, or one that says how to fill the list; else the rows.
 */
export function ListStates<T>({ query, what, isEmpty, hasFilters, onClearFilters, icon, empty, children }: ListStatesProps<T>) {
  if (query.isError) return <LoadError what={what} error={query.error} isRetrying={query.isRefetching} onRetry={() => query.refetch()} />;
  if (query.data === undefined) return <LoadingRows label={`Loading ${what.toLowerCase()}…`} className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />;
  if (!isEmpty(query.data)) return <>{children(query.data)}</>;
  if (hasFilters) {
    return (
      <EmptyState
        icon={icon}
        title={`No ${what.toLowerCase()} match these filters`}
        action={
          <Button variant="secondary" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      />
    );
  }
  return <EmptyState icon={icon} title={empty.title} description={empty.description} action={empty.action} />;
}
