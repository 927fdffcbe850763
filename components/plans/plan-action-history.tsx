import { CloudErrorText } from "@/components/shared/cloud-error-text";
import { Badge } from "@/components/ui/badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { planActionLabels, type PlanAction } from "@/lib/schemas/plan";
import { formatDateTime } from "@/lib/utils";

const tones = { pending: "neutral", running: "info", done: "success", failed: "danger" } as const;

/** The plan's recent Pause / Resume / Run backup now requests, with progress over its instances. */
export function PlanActionHistory({ actions }: { actions: PlanAction[] }) {
  if (actions.length === 0) return <p className="text-sm text-slate-600">No actions yet.</p>;
  return (
    <Table label="Recent actions">
      <TableColumns columns={["Action", "Status", "Progress", "Requested", "By", "Backup jobs", "Error"]} />
      <TableBody>
        {actions.map((a) => (
          <TableRow key={a.id} data-testid={`action-${a.id}`}>
            <TableCell className="whitespace-nowrap">{planActionLabels[a.kind]}</TableCell>
            <TableCell>
              <Badge tone={tones[a.status]}>{a.status}</Badge>
            </TableCell>
            <TableCell>
              <ProgressBar percent={a.total ? (a.done / a.total) * 100 : a.status === "done" ? 100 : 0} label={`Progress of ${planActionLabels[a.kind]} (${a.done} of ${a.total} instances)`} />
            </TableCell>
            <TableCell className="whitespace-nowrap text-xs">{formatDateTime(a.createdAt)}</TableCell>
            <TableCell className="text-xs">{a.requestedBy ?? "—"}</TableCell>
            <TableCell className="font-mono text-xs">{a.jobIds.join(", ") || "—"}</TableCell>
            <TableCell className="text-xs">
              <CloudErrorText error={a.lastError} isFinal={a.status === "failed"} note={a.status === "failed" ? undefined : "(retrying)"} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
