"use client";
import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { CoverageCards } from "@/components/dashboard/coverage-cards";
import { DashboardCharts } from "@/components/dashboard/dashboard-charts";
import { DashboardSkeleton } from "@/components/dashboard/dashboard-skeleton";
import { ConsistencyMismatches } from "@/components/dashboard/consistency-mismatches";
import { StatCards } from "@/components/dashboard/stat-cards";
import { LoadError } from "@/components/layout/load-states";
import { PageHeader } from "@/components/layout/page-header";
import { useRegion } from "@/components/layout/use-region";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { dashboardQuery } from "@/lib/client/dashboard";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatDateTime } from "@/lib/utils";

export function DashboardPanel({ isAdmin }: { isAdmin: boolean }) {
  const { region, withRegion } = useRegion();
  const regionName = regionNameOf(region);
  const { data, error, isPending, isError, refetch, isRefetching } = useQuery(dashboardQuery(region));

  if (isPending) return <DashboardSkeleton />;

  const header = (
    <PageHeader
      title="Dashboard"
      description={
        data ? (
          <>
            Backup activity in <span className="font-medium text-slate-900">{regionName}</span>. Updated{" "}
            <time dateTime={data.generatedAt}>{formatDateTime(data.generatedAt)}</time>.
          </>
        ) : (
          `Backup activity in ${regionName}.`
        )
      }
    />
  );

  // A background refresh that fails keeps the last figures on screen; only a first load without data shows the error.
  if (isError && !data) {
    return (
      <>
        {header}
        <LoadError what="The dashboard" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />
      </>
    );
  }

  if (data.totalPlans === 0) {
    return (
      <>
        {header}
        <div className="mb-6">
          <CoverageCards regionId={region} />
        </div>
        <EmptyState
          icon={<ShieldCheck />}
          title="No protection plans yet"
          description={
            isAdmin
              ? "Create a protection plan to back up ECS instances in this region on a schedule."
              : "An admin has not created a protection plan in this region yet. Plans and their backup jobs will show here."
          }
          action={
            isAdmin ? (
              <Link href={withRegion("/plans/new")} className={buttonVariants()}>
                Create ECS Protection Plan
              </Link>
            ) : null
          }
        />
      </>
    );
  }

  return (
    <>
      {header}
      <StatCards data={data} regionId={region} />
      <div className="mt-4">
        <CoverageCards regionId={region} />
      </div>
      <ConsistencyMismatches data={data.consistencyMismatches} />
      <DashboardCharts data={data} regionId={region} />
    </>
  );
}
