"use client";
import Link from "next/link";
import { useId } from "react";
import { instancePageHref } from "@/components/instances/instance-href";
import { RelativeTime } from "@/components/coverage/relative-time";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";
import { coverageStateLabels, type CoverageRow, type CoverageState } from "@/lib/schemas/coverage";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatDate, formatDateTime } from "@/lib/utils";

const linkClass = "text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700";

export const coverageStateTones: Record<CoverageState, "success" | "warning" | "neutral" | "danger"> = {
  protected: "success",
  atRisk: "danger",
  paused: "neutral",
  unprotected: "warning",
};

export interface RowSelection {
  isSelected: boolean;
  /** Why the row cannot be selected now (shown as its tooltip and read with the checkbox); null: it can. */
  blocked: string | null;
  onToggle: (isOn: boolean) => void;
}

/** What protects the instance: the console's plan, or a policy or HBR plan made outside the console. */
function Protection({ row }: { row: CoverageRow }) {
  if (row.plan) {
    return (
      <Link href={`/plans/${encodeURIComponent(row.plan.id)}?${new URLSearchParams({ region: row.regionId })}`} className={linkClass}>
        {row.plan.name}
      </Link>
    );
  }
  if (row.outside) {
    const what = row.outside.kind === "policy" ? "policy" : "HBR backup plan";
    return (
      <span className="text-slate-800">
        Outside the console: {what} <span className="font-medium">{row.outside.name ?? row.outside.id}</span>
        {row.outside.name ? <span className="block font-mono text-xs text-slate-600">{row.outside.id}</span> : null}
      </span>
    );
  }
  return <span className="text-slate-600">None</span>;
}

export function CoverageRowView({ row, now, selection }: { row: CoverageRow; now: number; selection: RowSelection | null }) {
  const noteId = useId();
  return (
    <TableRow data-testid={`coverage-row-${row.instanceId}`} className={selection?.isSelected ? "bg-blue-50" : undefined}>
      {selection ? (
        <TableCell className="w-10">
          <span title={selection.blocked ?? undefined} className="inline-flex">
            <input
              type="checkbox"
              className="size-4 cursor-pointer accent-blue-700 disabled:cursor-not-allowed"
              aria-label={`Select ${row.name}`}
              aria-describedby={selection.blocked ? noteId : undefined}
              checked={selection.isSelected}
              disabled={selection.blocked !== null}
              onChange={(e) => selection.onToggle(e.target.checked)}
            />
          </span>
          {selection.blocked ? (
            <span id={noteId} className="sr-only">
              {selection.blocked}
            </span>
          ) : null}
        </TableCell>
      ) : null}
      <TableCell>
        <Link href={instancePageHref(row.regionId, row.instanceId)} className={`font-medium ${linkClass}`}>
          {row.name || row.instanceId}
        </Link>
        <span className="block font-mono text-xs whitespace-nowrap text-slate-600">{row.instanceId}</span>
      </TableCell>
      <TableCell className="min-w-56">
        <Badge tone={coverageStateTones[row.state]} data-testid="coverage-state">
          {coverageStateLabels[row.state]}
        </Badge>
        <span className="mt-1 block text-xs text-slate-700">{row.reason}</span>
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">{regionNameOf(row.regionId)}</TableCell>
      <TableCell className="whitespace-nowrap text-xs">{row.zoneId}</TableCell>
      <TableCell className="text-xs">{row.osName}</TableCell>
      <TableCell className="text-sm">
        <Protection row={row} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">{row.lastBackupAt ? <RelativeTime iso={row.lastBackupAt} now={now} /> : "Never"}</TableCell>
      <TableCell className="whitespace-nowrap text-xs">
        <time dateTime={row.firstSeenAt} title={formatDateTime(row.firstSeenAt)}>
          {formatDate(row.firstSeenAt)}
        </time>
      </TableCell>
    </TableRow>
  );
}
