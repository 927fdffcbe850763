import { PageHeader } from "@/components/layout/page-header";
import { Skeleton } from "@/components/ui/skeleton";

/** Five cards and two charts, as the dashboard lays them out, while its figures load. */
export function DashboardSkeleton() {
  return (
    <div aria-busy="true">
      <PageHeader title="Dashboard" />
      <p className="sr-only" role="status">
        Loading dashboard…
      </p>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-8 w-1/3" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        ))}
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 2 }, (_, i) => (
          <div key={i} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4">
            <Skeleton className="h-5 w-1/3" />
            <ChartSkeleton />
          </div>
        ))}
      </div>
    </div>
  );
}

/** The plot area's placeholder, also shown while the charting code downloads. */
export function ChartSkeleton() {
  return <Skeleton className="h-64 w-full" />;
}
