import { PageHeader } from "@/components/layout/page-header";
import { Skeleton } from "@/components/ui/skeleton";

interface PageSkeletonProps {
  /** The page's real title, so the heading does not jump when the page arrives. */
  title: string;
  variant?: "table" | "panel";
}

export function PageSkeleton({ title, variant = "table" }: PageSkeletonProps) {
  return (
    <div aria-busy="true">
      <PageHeader title={title} />
      <p className="sr-only" role="status">
        Loading…
      </p>
      {variant === "table" ? (
        <div className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4">
          <Skeleton className="h-5 w-1/3" />
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : (
        <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6">
          <Skeleton className="h-5 w-1/4" />
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-24 w-full" />
        </div>
      )}
    </div>
  );
}
