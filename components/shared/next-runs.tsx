import { formatInstant } from "@/components/shared/schedule-format";

/** A schedule's next run times in the viewer's time zone (the wizard's and the policy form's preview, the plan page). */
export function NextRuns({ runs, headingId, emptyText }: { runs: Date[]; headingId: string; emptyText: string }) {
  return (
    <section aria-labelledby={headingId} className="grid gap-2 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id={headingId} className="text-sm font-semibold text-slate-900">
        Next five run times
      </h3>
      {runs.length === 0 ? (
        <p className="text-sm text-slate-600">{emptyText}</p>
      ) : (
        <ol className="grid gap-1 text-sm text-slate-800" data-testid="next-runs">
          {runs.map((run) => (
            <li key={run.getTime()}>
              <time dateTime={run.toISOString()}>{formatInstant(run)}</time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
