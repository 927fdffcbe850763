"use client";
import { useQuery } from "@tanstack/react-query";
import { Download, ListChecks } from "lucide-react";
import Link from "next/link";
import { instancePageHref } from "@/components/instances/instance-href";
import { ListStates } from "@/components/layout/load-states";
import { FilterSelect, optionsOf } from "@/components/shared/filter-select";
import { PagedTable } from "@/components/shared/paged-table";
import { PageHeader } from "@/components/layout/page-header";
import { JobConsistency } from "@/components/plans/plan-snapshots";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Select } from "@/components/ui/select";
import { TableCell, TableRow } from "@/components/ui/table";
import { useUrlTextFilters } from "@/lib/client/hooks/use-debounced-value";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { isJobRunning, jobListQuery, jobsExportHref, type JobFilterParams } from "@/lib/client/jobs";
import { regionsQuery } from "@/lib/client/regions";
import { jobListQuerySchema, jobStatusesByType, jobTypeLabels, jobTypes, type AnyJobRow, type JobType } from "@/lib/schemas/jobs";
import { consistencyLabels, consistencyLevels } from "@/lib/schemas/plan";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatDateTime } from "@/lib/utils";
import { parseUrlQuery } from "@/lib/client/url-query";

const PAGE_SIZE = 20;
const COLUMNS = ["Job", "Status", "Region", "Plan", "Instance", "Consistency", "Created", "Finished"] as const;
const TEXT_FILTERS = ["planId", "instanceId"] as const;
const FILTER_KEYS = ["type", "status", "regionId", "planId", "instanceId", "consistency", "from", "to"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

const linkClass = "text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700";

/** A day picked in the viewer's time zone, as the instant its local midnight is (the API filters by instants). */
function localMidnight(day: string, addDays = 0): string | undefined {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return undefined;
  const date = new Date(y, m - 1, d + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Filters and page from the URL (days as YYYY-MM-DD in the viewer's zone); a malformed filter is left out, not the others. */
export function jobFiltersOf(params: URLSearchParams): { url: Record<FilterKey, string>; query: JobFilterParams } {
  const url = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<FilterKey, string>;
  const input: Record<string, string | undefined> = {
    type: url.type || undefined,
    status: url.status || undefined,
    regionId: url.regionId || undefined,
    planId: url.planId.trim() || undefined,
    instanceId: url.instanceId.trim() || undefined,
    consistency: url.consistency || undefined,
    // "to" is a whole day: up to the next local midnight, exclusive.
    from: url.from ? localMidnight(url.from) : undefined,
    to: url.to ? localMidnight(url.to, 1) : undefined,
    page: params.get("page") || undefined,
  };
  const query = parseUrlQuery(jobListQuerySchema, input);
  return { url, query: { ...query, pageSize: PAGE_SIZE } };
}

export function JobsPanel() {
  const { searchParams, replaceParams } = useUrlParams();
  const { url, query } = jobFiltersOf(searchParams);
  // The text boxes write the URL once typing pauses, going back to page 1.
  const [text, setText] = useUrlTextFilters(TEXT_FILTERS, { planId: url.planId, instanceId: url.instanceId }, replaceParams);
  const regions = useQuery(regionsQuery());
  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery(jobListQuery(query));
  const hasFilters = FILTER_KEYS.some((k) => url[k]);
  const type: JobType = query.type ?? "backup";
  const statuses = jobStatusesByType[type];

  function clearFilters() {
    setText({ planId: "", instanceId: "" });
    replaceParams({ type: "", status: "", regionId: "", planId: "", instanceId: "", consistency: "", from: "", to: "", page: "" });
  }
  const select = (key: FilterKey) => (value: string) => replaceParams({ [key]: value, page: "" });

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Backup jobs of every protection plan, newest first. Running jobs update live. Times are in your time zone."
        actions={
          <a href={jobsExportHref(query)} download className={buttonVariants({ variant: "secondary" })}>
            <Download aria-hidden="true" />
            Export CSV
          </a>
        }
      />
      <div role="search" aria-label="Filter jobs" className="mb-4 flex flex-wrap items-end gap-4">
        <FormField label="Type" className="w-32">
          {(control) => (
            // Each type has its own statuses, and only backups a consistency level: those filters start again.
            <Select {...control} value={type} onChange={(e) => replaceParams({ type: e.target.value === "backup" ? "" : e.target.value, status: "", consistency: "", page: "" })}>
              {jobTypes.map((t) => (
                <option key={t} value={t}>
                  {jobTypeLabels[t]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FilterSelect label="Status" className="w-44" value={url.status in statuses ? url.status : ""} anyLabel="All statuses" options={Object.entries(statuses)} onChange={select("status")} />
        <FilterSelect
          label="Region"
          className="w-52"
          value={url.regionId}
          anyLabel="All regions"
          options={[
            ...(regions.data?.regions ?? []).map((r) => [r.regionId, r.localName || regionNameOf(r.regionId)] as const),
            // A region in the URL that the console does not list still shows as chosen.
            ...(url.regionId && !regions.data?.regions.some((r) => r.regionId === url.regionId) ? [[url.regionId, regionNameOf(url.regionId)] as const] : []),
          ]}
          onChange={select("regionId")}
        />
        {type === "backup" ? (
          <FilterSelect label="Consistency" className="w-52" value={url.consistency} anyLabel="Any consistency" options={[...optionsOf(consistencyLevels, (l) => consistencyLabels[l]), ["unknown", "Not known"]]} onChange={select("consistency")} />
        ) : null}
        <FormField label="Plan id" className="w-48">
          {(control) => <Input {...control} type="search" placeholder="plan_…" value={text.planId} onChange={(e) => setText((t) => ({ ...t, planId: e.target.value }))} />}
        </FormField>
        <FormField label="Instance id" className="w-48">
          {(control) => <Input {...control} type="search" placeholder="i-…" value={text.instanceId} onChange={(e) => setText((t) => ({ ...t, instanceId: e.target.value }))} />}
        </FormField>
        <FormField label="Created from" className="w-40">
          {(control) => <Input {...control} type="date" value={url.from} max={url.to || undefined} onChange={(e) => select("from")(e.target.value)} />}
        </FormField>
        <FormField label="Created to" className="w-40">
          {(control) => <Input {...control} type="date" value={url.to} min={url.from || undefined} onChange={(e) => select("to")(e.target.value)} />}
        </FormField>
        {hasFilters ? (
          <Button variant="secondary" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <ListStates
        query={{ data, isError, error, isRefetching, refetch }}
        what={type === "backup" ? "Jobs" : type === "restore" ? "Restores" : "Drills"}
        isEmpty={(d) => d.jobs.length === 0}
        hasFilters={hasFilters}
        onClearFilters={clearFilters}
        icon={<ListChecks />}
        empty={{
          title: type === "backup" ? "No backup jobs yet" : type === "restore" ? "No restores yet" : "No restore drills yet",
          description: "Each backup a protection plan runs, scheduled or run now, is listed here with its progress and the consistency it reached.",
          action: (
            <Link href="/plans" className={`text-sm font-medium ${linkClass}`}>
              Go to Protection Plans
            </Link>
          ),
        }}
      >
        {(data) => (
          <PagedTable label="Jobs" columns={COLUMNS} data={data} onPage={(page) => replaceParams({ page })} isStale={isPlaceholderData}>
            {data.jobs.map((job) => (
              <JobTableRow key={job.jobId} job={job} />
            ))}
          </PagedTable>
        )}
      </ListStates>
    </>
  );
}

function statusTone(job: AnyJobRow) {
  const s = job.status.toUpperCase();
  if (s === "COMPLETE" || s === "SUCCEEDED" || s === "PASSED") return "success";
  if (s === "PARTIAL_COMPLETE") return "warning";
  if (s === "FAILED" || s === "EXPIRED") return "danger";
  return isJobRunning(job) ? "info" : "neutral";
}

function JobTableRow({ job }: { job: AnyJobRow }) {
  const label = jobStatusesByType[job.type][job.status] ?? job.status;
  const percent = job.type === "backup" ? job.progress / 100 : job.progress;
  return (
    <TableRow data-testid={`job-${job.jobId}`}>
      <TableCell className="font-mono text-xs wrap-anywhere">{job.jobId}</TableCell>
      <TableCell className="grid gap-1">
        <Badge tone={statusTone(job)}>{label}</Badge>
        {isJobRunning(job) && percent !== null ? <ProgressBar percent={percent} label={`Progress of ${job.jobId}`} compact /> : null}
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">{regionNameOf(job.regionId)}</TableCell>
      <TableCell>
        {job.planName === null ? (
          <span className="font-mono text-xs text-slate-600" title="The plan was deleted">
            {job.planId}
          </span>
        ) : (
          <Link href={`/plans/${encodeURIComponent(job.planId)}`} className={linkClass}>
            {job.planName}
          </Link>
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap">
        {job.instanceId ? (
          <Link href={instancePageHref(job.regionId, job.instanceId)} className={`font-mono text-xs ${linkClass}`}>
            {job.instanceId}
          </Link>
        ) : (
          "—"
        )}
      </TableCell>
      <TableCell data-testid="job-consistency">
        {job.type === "backup" ? <JobConsistency job={job} /> : "—"}
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">
        <time dateTime={job.createdAt}>{formatDateTime(job.createdAt)}</time>
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">{job.completedAt ? <time dateTime={job.completedAt}>{formatDateTime(job.completedAt)}</time> : "—"}</TableCell>
    </TableRow>
  );
}
