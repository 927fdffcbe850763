"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import type { ReactNode } from "react";
import { ChartSkeleton } from "@/components/dashboard/dashboard-skeleton";
import { backupOutcomeLabels, backupOutcomes, formatCount, formatDay } from "@/components/dashboard/format";
import { plansHref } from "@/components/dashboard/stat-cards";
import type { Dashboard } from "@/lib/schemas/dashboard";

// recharts is most of the page's weight; loading it on the client after the figures keeps /dashboard's first load small.
const BackupsChart = dynamic(() => import("@/components/dashboard/backups-chart"), { ssr: false, loading: ChartSkeleton });
const RpoChart = dynamic(() => import("@/components/dashboard/rpo-chart"), { ssr: false, loading: ChartSkeleton });

interface ChartFigureProps {
  id: string;
  title: string;
  /** The chart's numbers in a sentence, shown under it. */
  summary: string;
  chart: ReactNode;
  /** The same numbers day by day, for screen readers. */
  table: ReactNode;
  link: { href: string; label: string };
}

function ChartFigure({ id, title, summary, chart, table, link }: ChartFigureProps) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="relative rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <Link
          href={link.href}
          className="rounded-sm text-sm font-medium text-blue-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          {link.label}
        </Link>
      </div>
      <figure className="grid gap-3">
        {chart}
        <figcaption className="text-sm text-slate-600" data-testid={`${id}-summary`}>
          {summary}
        </figcaption>
      </figure>
      {table}
    </section>
  );
}

/**
 * Hidden from sight, read by screen readers. The sr-only box is a div: a table ignores the 1 px width and
 * height and the overflow clip, so a hidden table of 30 rows would still stretch the page below the cards.
 */
function DayTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: { date: string; values: number[] }[] }) {
  return (
    <div className="sr-only">
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Day (UTC)</th>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.date}>
            <th scope="row">{formatDay(row.date)}</th>
            {row.values.map((v, i) => (
              <td key={columns[i]}>{v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

function periodOf(days: { date: string }[]): string {
  const first = days[0];
  const last = days.at(-1);
  return first && last ? `${formatDay(first.date)} – ${formatDay(last.date)} (UTC)` : "the last 30 days";
}

/** "42 backups: 30 Application consistent, 5 File system consistent, 4 Crash consistent, 3 Failed." */
export function summariseBackups(days: Dashboard["backupsPerDay"]): string {
  const totals = backupOutcomes.map((o) => days.reduce((sum, d) => sum + d[o], 0));
  const all = totals.reduce((a, b) => a + b, 0);
  const parts = backupOutcomes.map((o, i) => `${formatCount(totals[i]!)} ${backupOutcomeLabels[o]}`);
  return `${periodOf(days)}: ${formatCount(all)} ${all === 1 ? "backup" : "backups"} — ${parts.join(", ")}.`;
}

/** "2 plans in breach on Nov 25; at most 3 (Nov 20)." */
export function summariseRpoBreaches(days: Dashboard["rpoBreachesPerDay"]): string {
  const last = days.at(-1);
  if (!last) return "No RPO figures yet.";
  const peak = days.reduce((max, d) => (d.breaches > max.breaches ? d : max), last);
  const now = `${formatCount(last.breaches)} ${last.breaches === 1 ? "plan" : "plans"} in breach at the end of ${formatDay(last.date)}`;
  return peak.breaches === 0
    ? `${periodOf(days)}: no plan breached its RPO.`
    : `${periodOf(days)}: ${now}; at most ${formatCount(peak.breaches)} on ${formatDay(peak.date)}.`;
}

export function DashboardCharts({ data, regionId }: { data: Dashboard; regionId: string }) {
  return (
    <div className="mt-6 grid gap-4 lg:grid-cols-2">
      <ChartFigure
        id="backups-per-day"
        title="Backups per day by consistency level"
        summary={summariseBackups(data.backupsPerDay)}
        chart={<BackupsChart days={data.backupsPerDay} />}
        table={
          <DayTable
            caption="Backups per day by consistency level"
            columns={backupOutcomes.map((o) => backupOutcomeLabels[o])}
            rows={data.backupsPerDay.map((d) => ({ date: d.date, values: backupOutcomes.map((o) => d[o]) }))}
          />
        }
        link={{ href: plansHref(regionId), label: "View protection plans" }}
      />
      <ChartFigure
        id="rpo-breaches-per-day"
        title="RPO breaches over time"
        summary={summariseRpoBreaches(data.rpoBreachesPerDay)}
        chart={<RpoChart days={data.rpoBreachesPerDay} />}
        table={
          <DayTable
            caption="Plans breaching their RPO at the end of each day"
            columns={["Plans in breach"]}
            rows={data.rpoBreachesPerDay.map((d) => ({ date: d.date, values: [d.breaches] }))}
          />
        }
        link={{ href: plansHref(regionId, { rpo: "breached" }), label: "View plans breaching their RPO now" }}
      />
    </div>
  );
}
