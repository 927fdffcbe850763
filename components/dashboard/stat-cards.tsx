import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatShare } from "@/components/dashboard/format";
import type { Dashboard } from "@/lib/schemas/dashboard";
import { planStatuses, planStatusLabels, type PlanStatus } from "@/lib/schemas/plan";

const linkClass =
  "rounded-sm font-medium text-blue-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/** `/plans?…` for the region, with the filters the card stands for. */
export function plansHref(regionId: string, filters: { status?: PlanStatus; rpo?: "breached"; verified?: "no" } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  params.set("region", regionId);
  return `/plans?${params}`;
}

interface StatCardProps {
  id: string;
  title: string;
  children: ReactNode;
  link: { href: string; label: string };
}

/** A named region, so each card is a landmark a screen-reader user can jump to, and ends in the list behind it. */
export function StatCard({ id, title, children, link }: StatCardProps) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-medium text-slate-700">
        {title}
      </h2>
      <div className="grow">{children}</div>
      <Link href={link.href} className={`${linkClass} text-sm`}>
        {link.label}
      </Link>
    </section>
  );
}

export function Figure({ value, unit }: { value: string | number; unit?: string }) {
  return (
    <p className="text-3xl font-semibold text-slate-900 tabular-nums">
      {value}
      {unit ? " " : null}
      {unit ? <span className="text-sm font-normal text-slate-600">{unit}</span> : null}
    </p>
  );
}

export function StatCards({ data, regionId }: { data: Dashboard; regionId: string }) {
  const { jobsLast24h: jobs, appConsistentLast30d: consistent } = data;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-6">
      <StatCard id="plans-by-status" title="Plans by status" link={{ href: plansHref(regionId), label: `View all ${formatCount(data.totalPlans)} plans` }}>
        <ul className="grid gap-1 text-sm">
          {planStatuses.map((status) => (
            <li key={status}>
              <Link href={plansHref(regionId, { status })} className={`${linkClass} flex justify-between gap-2 font-normal`}>
                <span>{planStatusLabels[status]}</span>{" "}
                <span className="font-semibold tabular-nums" data-testid={`plans-${status}`}>
                  {formatCount(data.plansByStatus[status])}
                  <span className="sr-only"> plans</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </StatCard>

      <StatCard id="protected-instances" title="Protected instances" link={{ href: plansHref(regionId, { status: "active" }), label: "View active plans" }}>
        <Figure value={formatCount(data.protectedInstances)} unit={data.protectedInstances === 1 ? "ECS instance" : "ECS instances"} />
        <p className="text-sm text-slate-600">In Active plans</p>
      </StatCard>

      <StatCard id="jobs-24h" title="Jobs in the last 24 hours" link={{ href: plansHref(regionId), label: "View plans and their jobs" }}>
        <dl className="grid gap-1 text-sm">
          {(
            [
              ["Succeeded", jobs.succeeded],
              ["Failed", jobs.failed],
              ["Running", jobs.running],
            ] as const
          ).map(([label, count]) => (
            <div key={label} className="flex items-baseline justify-between gap-2">
              <dt className="text-slate-700">{label}</dt>
              <dd className="text-lg font-semibold text-slate-900 tabular-nums">{formatCount(count)}</dd>
            </div>
          ))}
        </dl>
      </StatCard>

      <StatCard id="app-consistent" title="Application consistent backups, 30 days" link={{ href: plansHref(regionId), label: "View plans and their backups" }}>
        <Figure value={formatShare(consistent.share)} />
        <p className="text-sm text-slate-600">
          {consistent.finished === 0
            ? "No backups finished in the last 30 days"
            : `${formatCount(consistent.application)} of ${formatCount(consistent.finished)} finished backups`}
        </p>
      </StatCard>

      <StatCard id="rpo-breaches" title="Plans breaching their RPO" link={{ href: plansHref(regionId, { rpo: "breached" }), label: "View plans breaching their RPO" }}>
        <Figure value={formatCount(data.rpoBreaches)} unit={data.rpoBreaches === 1 ? "plan" : "plans"} />
        <p className="text-sm text-slate-600">Last successful backup older than the schedule allows</p>
      </StatCard>

      <StatCard
        id="verified-restorable"
        title="Plans verified restorable, 30 days"
        link={{ href: plansHref(regionId, { verified: "no" }), label: `View ${formatCount(data.verifiedRestorable.active - data.verifiedRestorable.verified)} not verified` }}
      >
        <Figure value={formatCount(data.verifiedRestorable.verified)} unit={`of ${formatCount(data.verifiedRestorable.active)} active`} />
        <p className="text-sm text-slate-600">Every instance passed a restore drill</p>
      </StatCard>
    </div>
  );
}
