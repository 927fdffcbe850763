"use client";
import { useQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, History } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import { instancePageHref } from "@/components/instances/instance-href";
import { ListStates } from "@/components/layout/load-states";
import { PageHeader } from "@/components/layout/page-header";
import { useRegion } from "@/components/layout/use-region";
import { BackupPointCell } from "@/components/restores/backup-point-text";
import { BackupPointsSection } from "@/components/restores/backup-points-section";
import { RestoreActions } from "@/components/restores/restore-actions";
import { RestoreStatusBadge } from "@/components/restores/restore-status-badge";
import { RestoreSteps } from "@/components/restores/restore-steps";
import { CloudErrorText } from "@/components/shared/cloud-error-text";
import { FilterSelect, optionsOf } from "@/components/shared/filter-select";
import { PagedTable } from "@/components/shared/paged-table";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { StatusMessage } from "@/components/ui/status-message";
import { TableCell, TableRow } from "@/components/ui/table";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { isRestoreMoving, restoreListQuery, type RestoreListFilters } from "@/lib/client/restores";
import { regionNameOf, regions } from "@/lib/schemas/region-names";
import { restoreKindLabels, restoreKinds, restoreListQuerySchema, restoreStatuses, restoreStatusLabels, type Restore } from "@/lib/schemas/restore";
import { formatDateTime } from "@/lib/utils";

const PAGE_SIZE = 20;
const FILTER_KEYS = ["status", "kind", "regionId"] as const;

/** Filters and page from the URL; anything malformed falls back to the defaults. */
function filtersOf(params: URLSearchParams): RestoreListFilters {
  const parsed = restoreListQuerySchema.safeParse({
    status: params.get("status") || undefined,
    kind: params.get("kind") || undefined,
    regionId: params.get("regionId") || undefined,
    page: params.get("page") || undefined,
  });
  const query = parsed.success ? parsed.data : restoreListQuerySchema.parse({});
  return { ...query, pageSize: PAGE_SIZE };
}

/** The Restore Center: every restore with its live progress, who asked, the result, and Retry / Cancel for admins. */
export function RestoresPanel({ isAdmin }: { isAdmin: boolean }) {
  const { searchParams, replaceParams } = useUrlParams();
  const filters = filtersOf(searchParams);
  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery(restoreListQuery(filters));
  const [actionError, setActionError] = useState<string | null>(null);
  const hasFilters = FILTER_KEYS.some((k) => filters[k]);
  const isMoving = data?.items.some(isRestoreMoving) ?? false;

  function clearFilters() {
    replaceParams({ status: "", kind: "", regionId: "", page: "" });
  }

  // Retry and Cancel sit in the first column with the steps, so a wide table never hides them off to the right.
  const columns = ["Restore", "Status", "Kind", "Backup point", "Requested by", "Result", "Time", "Error"];

  return (
    <>
      <PageHeader
        title="Restore Center"
        description={
          <>
            Restores from backup points, with their progress and result. Start one from a backup point below, or on a plan or instance page.
            {isMoving ? <span className="ml-2 text-xs">Updating every 2 seconds…</span> : null}
          </>
        }
      />
      <div role="search" aria-label="Filter restores" className="mb-4 flex flex-wrap items-end gap-4">
        <FilterSelect label="Status" className="w-40" value={filters.status ?? ""} anyLabel="All statuses" options={optionsOf(restoreStatuses, (v) => restoreStatusLabels[v])} onChange={(v) => replaceParams({ status: v, page: "" })} />
        <FilterSelect label="Kind" className="w-64" value={filters.kind ?? ""} anyLabel="All kinds" options={optionsOf(restoreKinds, (v) => restoreKindLabels[v])} onChange={(v) => replaceParams({ kind: v, page: "" })} />
        <FilterSelect label="Restore region" className="w-52" value={filters.regionId ?? ""} anyLabel="All regions" options={regions.map((r) => [r.regionId, r.localName] as const)} onChange={(v) => replaceParams({ regionId: v, page: "" })} />
        {hasFilters ? (
          <Button variant="secondary" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <StatusMessage message={actionError} testId="restore-action-error" />

      <ListStates
        query={{ data, isError, error, isRefetching, refetch }}
        what="Restores"
        isEmpty={(d) => d.items.length === 0}
        hasFilters={hasFilters}
        onClearFilters={clearFilters}
        icon={<History />}
        empty={{
          title: "No restores yet",
          description: "Open a protection plan or an ECS instance, pick a backup point and choose Restore: a new instance, a rollback of the original, or its disks.",
          action: (
            <Link href="/plans" className="text-sm font-medium text-blue-800 underline-offset-4 hover:underline">
              Go to Protection Plans
            </Link>
          ),
        }}
      >
        {(data) => (
        <PagedTable label="Restores" columns={columns} data={data} onPage={(page) => replaceParams({ page })} isStale={isPlaceholderData}>
          {data.items.map((restore) => (
            <RestoreRow key={restore.id} restore={restore} isAdmin={isAdmin} columnCount={columns.length} onError={setActionError} />
          ))}
        </PagedTable>
        )}
      </ListStates>
      <RegionBackupPoints isAdmin={isAdmin} />
    </>
  );
}

/** The newest backup points of the console's region (`?region=`), so a restore can start from the Restore Center too. */
function RegionBackupPoints({ isAdmin }: { isAdmin: boolean }) {
  const { region } = useRegion();
  return (
    <section aria-labelledby="region-backup-points" className="mt-8 grid gap-3">
      <h2 id="region-backup-points" className="text-lg font-semibold text-slate-900">
        Restore a backup point in {regionNameOf(region)}
      </h2>
      <BackupPointsSection filters={{ regionId: region }} isAdmin={isAdmin} />
    </section>
  );
}

const linkClass = "font-mono text-xs text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700";

function RestoreRow({ restore, isAdmin, columnCount, onError }: { restore: Restore; isAdmin: boolean; columnCount: number; onError: (message: string | null) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const stepsId = `restore-steps-${restore.id}`;
  return (
    <Fragment>
      <TableRow data-testid={`restore-${restore.id}`} data-status={restore.status}>
        <TableCell className="px-3">
          <span className="grid justify-items-start gap-2">
            <Button variant="ghost" size="sm" aria-expanded={isOpen} aria-controls={isOpen ? stepsId : undefined} onClick={() => setIsOpen((open) => !open)}>
              {isOpen ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
              Steps
              <span className="sr-only"> of restore {restore.id}</span>
            </Button>
            {isAdmin ? <RestoreActions restore={restore} onError={onError} /> : null}
          </span>
        </TableCell>
        <TableCell className="px-3">
          <span className="grid gap-2">
            <span>
              <RestoreStatusBadge status={restore.status} />
            </span>
            <ProgressBar percent={restore.progress} label={`Progress of restore ${restore.id}`} compact />
          </span>
        </TableCell>
        <TableCell className="px-3">
          {restoreKindLabels[restore.kind]}
          <span className="block text-xs whitespace-nowrap text-slate-700">in {regionNameOf(restore.restoreRegionId)}</span>
        </TableCell>
        <TableCell className="px-3">
          <BackupPointCell point={restore.backupPoint} />
        </TableCell>
        <TableCell className="px-3">{restore.requestedBy?.name ?? <span className="text-slate-600">System</span>}</TableCell>
        <TableCell className="px-3" data-testid="restore-result">
          {restore.resultInstanceId ? (
            <Link href={instancePageHref(restore.restoreRegionId, restore.resultInstanceId)} className={linkClass}>
              {restore.resultInstanceId}
            </Link>
          ) : (
            "—"
          )}
        </TableCell>
        <TableCell className="px-3 text-xs whitespace-nowrap">
          <span className="block">Started {restore.startedAt ? formatDateTime(restore.startedAt) : "—"}</span>
          <span className="block">Finished {restore.finishedAt ? formatDateTime(restore.finishedAt) : "—"}</span>
        </TableCell>
        <TableCell className="min-w-56 px-3 text-xs wrap-anywhere" data-testid="restore-error">
          <CloudErrorText error={restore.lastError} isFinal={restore.status === "failed"} note={isAdmin && restore.status === "failed" ? "Retry resumes from the failed step." : undefined} />
        </TableCell>
      </TableRow>
      {isOpen ? (
        <TableRow className="bg-slate-50">
          <TableCell colSpan={columnCount}>
            <RestoreSteps restore={restore} id={stepsId} />
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}
