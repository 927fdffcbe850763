"use client";
import { useQuery } from "@tanstack/react-query";
import { BellOff } from "lucide-react";
import Link from "next/link";
import { instancePageHref } from "@/components/instances/instance-href";
import { ListStates } from "@/components/layout/load-states";
import { FilterSelect, optionsOf } from "@/components/shared/filter-select";
import { PagedTable } from "@/components/shared/paged-table";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";
import { alertListQuery } from "@/lib/client/alerts";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { alertKindLabels, alertKinds, alertListQuerySchema, type Alert } from "@/lib/schemas/alerts";
import { regionNameOf } from "@/lib/schemas/region-names";
import { cn, formatDateTime } from "@/lib/utils";

const PAGE_SIZE = 20;
const COLUMNS = ["Alert", "Subject", "Region", "Opened", "Resolved", "Deliveries"] as const;
const linkClass = "text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700";

/** The list's filters from the URL; a malformed one falls back to the default rather than failing the page. */
export function alertFiltersOf(params: URLSearchParams) {
  const input = { status: params.get("status") || undefined, kind: params.get("kind") || undefined, page: params.get("page") || undefined };
  const parsed = alertListQuerySchema.safeParse(input);
  const query = parsed.success ? parsed.data : alertListQuerySchema.parse({ status: input.status === "resolved" ? "resolved" : undefined });
  return { ...query, pageSize: PAGE_SIZE };
}

export function AlertsList() {
  const { searchParams, replaceParams } = useUrlParams();
  const query = alertFiltersOf(searchParams);
  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery(alertListQuery(query));
  const isOpen = query.status === "open";

  return (
    <div className="grid gap-4">
      <div role="search" aria-label="Filter alerts" className="flex flex-wrap items-end gap-4">
        <div role="group" aria-label="Alert status" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
          {(["open", "resolved"] as const).map((status) => (
            <button
              key={status}
              type="button"
              aria-pressed={query.status === status}
              onClick={() => replaceParams({ status: status === "open" ? "" : status, page: "" })}
              className={cn(
                "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-blue-700",
                query.status === status ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {status === "open" ? "Open" : "Resolved"}
            </button>
          ))}
        </div>
        <FilterSelect
          label="Kind"
          className="w-72"
          value={query.kind ?? ""}
          anyLabel="All kinds"
          options={optionsOf(alertKinds, (k) => alertKindLabels[k])}
          onChange={(kind) => replaceParams({ kind, page: "" })}
        />
      </div>
      <ListStates
        query={{ data, isError, error, isRefetching, refetch }}
        what="Alerts"
        isEmpty={(d) => d.alerts.length === 0}
        hasFilters={Boolean(query.kind)}
        onClearFilters={() => replaceParams({ kind: "", page: "" })}
        icon={<BellOff />}
        empty={
          isOpen
            ? { title: "No open alerts", description: "Every backup, plan and instance the rules watch is fine. When something fails, it shows here and goes to your channels." }
            : { title: "No resolved alerts yet", description: "An alert moves here, with how it was resolved, once its condition clears." }
        }
      >
        {(data) => (
          <PagedTable label={isOpen ? "Open alerts" : "Resolved alerts"} columns={COLUMNS} data={data} onPage={(page) => replaceParams({ page })} isStale={isPlaceholderData}>
            {data.alerts.map((alert) => (
              <AlertRow key={alert.id} alert={alert} />
            ))}
          </PagedTable>
        )}
      </ListStates>
    </div>
  );
}

function subjectHref(alert: Alert): string {
  const { subject } = alert;
  if (subject.type === "plan") return `/plans/${encodeURIComponent(subject.id)}`;
  if (subject.type === "restore") return "/restores";
  return alert.regionId ? instancePageHref(alert.regionId, subject.id) : `/instances/${encodeURIComponent(subject.id)}`;
}

const subjectTypeLabels: Record<Alert["subject"]["type"], string> = { plan: "Plan", instance: "Instance", restore: "Restore" };

function AlertRow({ alert }: { alert: Alert }) {
  const { sent, failed, pending } = alert.deliveries;
  return (
    // The id is the anchor of the link in every notice (/alerts?status=open#al_…).
    <TableRow id={alert.id} data-testid={`alert-${alert.id}`} className="scroll-mt-20 target:bg-amber-50">
      <TableCell className="grid max-w-md gap-1">
        <Badge tone={alert.status === "open" ? "danger" : "success"} className="w-fit">
          {alertKindLabels[alert.kind]}
        </Badge>
        <span className="font-medium text-slate-900">{alert.title}</span>
        <span className="text-xs text-slate-600">{alert.detail}</span>
      </TableCell>
      <TableCell>
        <span className="block text-xs text-slate-600">{subjectTypeLabels[alert.subject.type]}</span>
        <Link href={subjectHref(alert)} className={linkClass}>
          {alert.subject.name}
        </Link>
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">{alert.regionId ? regionNameOf(alert.regionId) : "—"}</TableCell>
      <TableCell className="whitespace-nowrap text-xs">
        <time dateTime={alert.openedAt}>{formatDateTime(alert.openedAt)}</time>
      </TableCell>
      <TableCell className="text-xs">
        {alert.resolvedAt ? (
          <>
            <time dateTime={alert.resolvedAt} className="whitespace-nowrap">
              {formatDateTime(alert.resolvedAt)}
            </time>
            {alert.resolution ? <span className="block text-slate-600">{alert.resolution}</span> : null}
          </>
        ) : (
          "—"
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs" data-testid="alert-deliveries">
        {sent} sent · {failed} failed · {pending} pending
      </TableCell>
    </TableRow>
  );
}
