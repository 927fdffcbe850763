import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { consistencyLabels, type ConsistencyLevel, type PlanJob } from "@/lib/schemas/plan";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatBytes, formatDateTime } from "@/lib/utils";

/**
 * Cells of the plan page's jobs and snapshots tables: compact padding, and ids that may wrap (a job id anywhere,
 * lists of snapshot ids between ids), so eight columns fit a 1440 px window; an instance id stays on one line.
 */
export const compactCell = "px-3";
export const idCell = "px-3 font-mono text-xs wrap-anywhere";
export const idListCell = "px-3 font-mono text-xs";
export const instanceIdCell = "px-3 font-mono text-xs whitespace-nowrap";

/** A header row of compact cells. */
export function CompactColumns({ columns }: { columns: readonly string[] }) {
  return (
    <TableHeader>
      <TableRow>
        {columns.map((c) => (
          <TableHead key={c} className={compactCell}>
            {c}
          </TableHead>
        ))}
      </TableRow>
    </TableHeader>
  );
}

export function ConsistencyBadge({ level }: { level: ConsistencyLevel }) {
  return <Badge tone={level === "APPLICATION" ? "success" : "warning"}>{consistencyLabels[level]}</Badge>;
}

/** A backup point whose level HBR reported as something the console does not know (and the ECS tags did not tell). */
export function UnknownConsistency({ raw }: { raw: string }) {
  return (
    <Badge tone="neutral" data-testid="consistency-unknown" title="HBR reported a consistency level the console does not know, and the ECS snapshot tags do not tell">
      {raw ? `Unknown (${raw})` : "Unknown"}
    </Badge>
  );
}

/** The level a job's snapshot reached, with HBR's reason when it fell short of what was asked. */
export function JobConsistency({ job }: { job: PlanJob }) {
  if (!job.consistencyLevel) return job.consistencyRaw === null ? <>—</> : <UnknownConsistency raw={job.consistencyRaw} />;
  return (
    <>
      <span className="inline-flex flex-wrap gap-1">
        <ConsistencyBadge level={job.consistencyLevel} />
        {job.predictedLevel && job.predictedLevel !== job.consistencyLevel ? (
          <Badge tone="danger" data-testid="consistency-not-as-predicted" title={`Predicted: ${consistencyLabels[job.predictedLevel]}`}>
            Predicted {consistencyLabels[job.predictedLevel]}
          </Badge>
        ) : null}
      </span>
      {job.downgradeReason ? <span className="mt-1 block text-xs text-slate-700">{job.downgradeReason}</span> : null}
    </>
  );
}

/**
 * The backup points the plan's jobs made: the consistency HBR reports on the snapshot, and the one the ECS
 * snapshot tags report, flagged when they disagree; size, expiry and the replica's region.
 */
export function PlanSnapshots({ jobs }: { jobs: PlanJob[] }) {
  const snapshots = jobs.filter((j) => j.hbrSnapshotId);
  if (snapshots.length === 0) return <p className="text-sm text-slate-600">No backups yet: a snapshot appears here when a backup job completes.</p>;
  return (
    <Table label="Snapshots">
      <CompactColumns columns={["Snapshot", "Instance", "Consistency", "ECS snapshot tags", "Size", "Created", "Expires", "Replica"]} />
      <TableBody>
        {snapshots.map((j) => (
          <TableRow key={j.hbrSnapshotId} data-testid={`snapshot-${j.hbrSnapshotId}`}>
            <TableCell className={idListCell}>
              {j.hbrSnapshotId}
              <span className="block text-slate-600">{j.snapshotIds.join(", ")}</span>
            </TableCell>
            <TableCell className={instanceIdCell}>{j.instanceId ?? "—"}</TableCell>
            <TableCell className={compactCell} data-testid="snapshot-consistency">
              <JobConsistency job={j} />
            </TableCell>
            <TableCell className={compactCell}>
              {j.tagConsistencyLevel ? <ConsistencyBadge level={j.tagConsistencyLevel} /> : "—"}
              {j.tagConsistencyLevel && j.consistencyLevel && j.tagConsistencyLevel !== j.consistencyLevel ? (
                <Badge tone="danger" className="mt-1">
                  Mismatch
                </Badge>
              ) : null}
            </TableCell>
            <TableCell className={`${compactCell} whitespace-nowrap`}>{j.snapshotBytes === null ? "—" : formatBytes(j.snapshotBytes)}</TableCell>
            <TableCell className={`${compactCell} text-xs`}>{j.completedAt ? formatDateTime(j.completedAt) : "—"}</TableCell>
            <TableCell className={`${compactCell} text-xs`}>{j.expiresAt ? formatDateTime(j.expiresAt) : "—"}</TableCell>
            <TableCell className={compactCell}>{j.replicaRegionId ? regionNameOf(j.replicaRegionId) : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
