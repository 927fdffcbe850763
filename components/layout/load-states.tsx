"use client";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessageOf } from "@/lib/client/api-fetch";

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
