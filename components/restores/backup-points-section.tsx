"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { BackupPointsTable } from "@/components/restores/backup-points-table";
import { LazyRestoreDialog } from "@/components/restores/lazy-restores";
import { backupPointsQuery, type BackupPointFilters } from "@/lib/client/restores";
import type { BackupPoint } from "@/lib/schemas/restore";

interface BackupPointsSectionProps {
  /** The plan's, the instance's, or (in the Restore Center) the region's backup points. */
  filters: BackupPointFilters & ({ planId: string } | { instanceId: string } | { regionId: string });
  isAdmin: boolean;
}

const tableLabel = (filters: BackupPointsSectionProps["filters"]) =>
  "planId" in filters ? "Backup points of this plan" : "instanceId" in filters ? "Backup points of this instance" : "Backup points of this region";

/** The backup points of a plan, an instance or a region, each restorable by an admin through the restore dialog. */
export function BackupPointsSection({ filters, isAdmin }: BackupPointsSectionProps) {
  const { data, error, isPending, isError, refetch, isRefetching } = useQuery(backupPointsQuery(filters));
  const [chosen, setChosen] = useState<BackupPoint | null>(null);
  const isInstance = "instanceId" in filters;
  const isRegion = !isInstance && !("planId" in filters);

  if (isError) return <LoadError what="Backup points" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />;
  if (isPending) return <LoadingRows label="Loading backup points…" rows={3} className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />;
  if (data.items.length === 0) {
    return <p className="text-sm text-slate-600">No backup points yet: one appears here when a backup job completes, and can then be restored.</p>;
  }
  return (
    <div className="grid gap-2">
      <BackupPointsTable points={data.items} label={tableLabel(filters)} show={isInstance ? "plan" : "instance"} onRestore={isAdmin ? setChosen : undefined} />
      {isRegion ? null : (
        <p className="text-sm text-slate-600">
          Restores started from here are listed in the{" "}
          <Link href="/restores" className="font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
            Restore Center
          </Link>
          .
        </p>
      )}
      {chosen ? <LazyRestoreDialog point={chosen} onClose={() => setChosen(null)} /> : null}
    </div>
  );
}
