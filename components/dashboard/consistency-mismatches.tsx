import Link from "next/link";
import { formatCount } from "@/components/dashboard/format";
import { instancePageHref } from "@/components/instances/instance-href";
import { ConsistencyBadge } from "@/components/plans/plan-snapshots";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import type { Dashboard } from "@/lib/schemas/dashboard";
import { formatDateTime } from "@/lib/utils";

const linkClass = "font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700";

/** Backups that reached another level than the prerequisite checklist predicted: the surprise to look at first. */
export function ConsistencyMismatches({ data }: { data: Dashboard["consistencyMismatches"] }) {
  return (
    <section aria-labelledby="mismatch-heading" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="consistency-mismatches" data-count={data.count}>
      <h2 id="mismatch-heading" className="text-sm font-medium text-slate-700">
        Backups not as predicted, 30 days
      </h2>
      {data.count === 0 ? (
        <p className="text-sm text-slate-600">Every application-consistent backup reached the level its prerequisite checklist predicted.</p>
      ) : (
        <>
          <p className="text-sm text-amber-900">
            <span className="text-lg font-semibold tabular-nums">{formatCount(data.count)}</span> {data.count === 1 ? "backup" : "backups"} reached another consistency level than
            predicted. Open the instance to see which prerequisite changed.
          </p>
          <Table label="Newest backups not as predicted">
            <TableColumns columns={["Plan", "Instance", "Predicted", "Reached", "Completed"]} />
            <TableBody>
              {data.recent.map((m) => (
                <TableRow key={m.jobId}>
                  <TableCell>
                    <Link href={`/plans/${encodeURIComponent(m.planId)}`} className={linkClass}>
                      {m.planName}
                    </Link>
                  </TableCell>
                  <TableCell>
                    {m.instanceId ? (
                      <Link href={instancePageHref(m.regionId, m.instanceId)} className={`${linkClass} font-mono text-xs`}>
                        {m.instanceId}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell>
                    <ConsistencyBadge level={m.predictedLevel} />
                  </TableCell>
                  <TableCell>
                    <ConsistencyBadge level={m.consistencyLevel} />
                    {m.downgradeReason ? <span className="mt-1 block text-xs text-slate-700">{m.downgradeReason}</span> : null}
                  </TableCell>
                  <TableCell className="text-xs whitespace-nowrap">{m.completedAt ? formatDateTime(m.completedAt) : "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
