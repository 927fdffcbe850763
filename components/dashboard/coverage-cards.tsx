"use client";
import { useQuery } from "@tanstack/react-query";
import { Figure, StatCard } from "@/components/dashboard/stat-cards";
import { formatCount } from "@/components/dashboard/format";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { coverageHref, coverageSummaryQuery } from "@/lib/client/coverage";
import { coverageStateLabels, coverageStates } from "@/lib/schemas/coverage";

/** Coverage of the region's ECS instances and how many nothing protects, each leading to the list behind it. */
export function CoverageCards({ regionId }: { regionId: string }) {
  const { data, error, isError } = useQuery(coverageSummaryQuery(regionId));
  const unprotectedHref = coverageHref({ state: "unprotected", regionId }, regionId);
  if (!data) {
    return (
      <div className="grid gap-4 sm:grid-cols-2" data-testid="coverage-cards">
        {isError ? (
          <p className="text-sm text-red-700 sm:col-span-2">Coverage could not be loaded. {errorMessageOf(error)}</p>
        ) : (
          Array.from({ length: 2 }, (_, i) => <Skeleton key={i} className="h-32 w-full" />)
        )}
      </div>
    );
  }
  const unprotected = data.counts.unprotected;
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="coverage-cards">
      <StatCard id="coverage" title="Coverage" link={{ href: coverageHref({ regionId }, regionId), label: `View coverage of ${formatCount(data.total)} instances` }}>
        <Figure value={data.coveragePct === null ? "—" : `${data.coveragePct}%`} unit="protected" />
        <ul className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-700">
          {coverageStates.map((s) => (
            <li key={s}>
              {coverageStateLabels[s]} <span className="font-semibold text-slate-900 tabular-nums">{formatCount(data.counts[s])}</span>
            </li>
          ))}
        </ul>
      </StatCard>
      <StatCard id="unprotected-instances" title="Unprotected instances" link={{ href: unprotectedHref, label: "View unprotected instances" }}>
        <Figure value={formatCount(unprotected)} unit={unprotected === 1 ? "ECS instance" : "ECS instances"} />
        <p className="text-sm text-slate-600">No plan and no policy binding</p>
      </StatCard>
    </div>
  );
}
