import { ArchiveRestore } from "lucide-react";
import { replicaText } from "@/components/restores/backup-point-text";
import { ConsistencyBadge } from "@/components/plans/plan-snapshots";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import type { BackupPoint } from "@/lib/schemas/restore";
import { formatDateTime } from "@/lib/utils";

interface BackupPointsTableProps {
  points: BackupPoint[];
  label: string;
  /** Which of the instance and the plan a row names (the page shows the other already). */
  show: "instance" | "plan";
  /** Admins only: a Restore button on each row opens the restore dialog. */
  onRestore?: (point: BackupPoint) => void;
}

/** Backup points, newest first: when, how consistent (and why less than asked), until when, and where a replica is. */
export function BackupPointsTable({ points, label, show, onRestore }: BackupPointsTableProps) {
  const columns = ["Time", show === "instance" ? "Instance" : "Plan", "Consistency", "Expires", "Replica", ...(onRestore ? ["Restore"] : [])];
  return (
    <Table label={label}>
      <TableColumns columns={columns} />
      <TableBody>
        {points.map((p) => (
          <TableRow key={p.backupJobId} data-testid={`backup-point-${p.backupJobId}`}>
            <TableCell className="px-3 text-xs whitespace-nowrap">
              <time dateTime={p.createdAt}>{formatDateTime(p.createdAt)}</time>
              <span className="block font-mono text-slate-600">{p.hbrSnapshotId}</span>
            </TableCell>
            <TableCell className="px-3">
              {show === "instance" ? (
                <>
                  {p.instanceName ?? p.instanceId}
                  <span className="block font-mono text-xs text-slate-600">{p.instanceId}</span>
                </>
              ) : (
                p.planName
              )}
            </TableCell>
            <TableCell className="px-3" data-testid="backup-point-consistency">
              {p.consistencyLevel ? <ConsistencyBadge level={p.consistencyLevel} /> : "—"}
              {p.downgradeReason ? <span className="mt-1 block text-xs text-slate-700">{p.downgradeReason}</span> : null}
            </TableCell>
            <TableCell className="px-3 text-xs whitespace-nowrap">{p.expiresAt ? formatDateTime(p.expiresAt) : "—"}</TableCell>
            <TableCell className="px-3 text-xs" data-testid="backup-point-replica">
              {p.replicaRegionId ? replicaText(p.replicaRegionId) : "—"}
            </TableCell>
            {onRestore ? (
              <TableCell className="px-3">
                <Button variant="secondary" size="sm" onClick={() => onRestore(p)}>
                  <ArchiveRestore aria-hidden="true" />
                  Restore
                  <span className="sr-only">
                    {" "}
                    {p.instanceName ?? p.instanceId} from {formatDateTime(p.createdAt)}
                  </span>
                </Button>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
