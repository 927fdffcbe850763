import { ConsistencyBadge } from "@/components/plans/plan-snapshots";
import { consistencyLabels } from "@/lib/schemas/plan";
import { regionNameOf } from "@/lib/schemas/region-names";
import type { BackupPoint } from "@/lib/schemas/restore";
import { formatDateTime } from "@/lib/utils";

/** "web-1, Dec 7, 2026, 6:00 AM, Application consistent": the backup point as a confirmation names it. */
export function backupPointText(point: BackupPoint): string {
  const level = point.consistencyLevel ? `, ${consistencyLabels[point.consistencyLevel]}` : "";
  return `${point.instanceName ?? point.instanceId}, ${formatDateTime(point.createdAt)}${level}`;
}

/** "Replica in China (Hong Kong)" when Replication to Other Region copied the backup point. */
export const replicaText = (replicaRegionId: string) => `Replica in ${regionNameOf(replicaRegionId)}`;

/** A backup point in a table cell: the instance, when it was made and its consistency level. */
export function BackupPointCell({ point }: { point: BackupPoint }) {
  return (
    <span className="grid gap-1">
      <span className="font-medium">{point.instanceName ?? point.instanceId}</span>
      <span className="text-xs whitespace-nowrap text-slate-700">
        <time dateTime={point.createdAt}>{formatDateTime(point.createdAt)}</time>
      </span>
      {point.consistencyLevel ? (
        <span>
          <ConsistencyBadge level={point.consistencyLevel} />
        </span>
      ) : null}
    </span>
  );
}
