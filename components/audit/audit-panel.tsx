"use client";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { useQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, History } from "lucide-react";
import Link from "next/link";
import { instancePageHref } from "@/components/instances/instance-href";
import { Fragment, useState } from "react";
import { AuditDiff } from "@/components/audit/audit-diff";
import { auditListQuery, type AuditFilters } from "@/lib/client/audit";
import { ListStates } from "@/components/layout/load-states";
import { FilterSelect, optionsOf } from "@/components/shared/filter-select";
import { PagedTable } from "@/components/shared/paged-table";
import { PageHeader } from "@/components/layout/page-header";
import { useUrlTextFilters } from "@/lib/client/hooks/use-debounced-value";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { TableCell, TableRow } from "@/components/ui/table";
import { auditActionLabel, auditActions, auditListQuerySchema, auditTargetTypeLabels, auditTargetTypes, type AuditEvent } from "@/lib/schemas/audit";
import { formatDateTime } from "@/lib/utils";

const PAGE_SIZE = 20;
const COLUMNS = ["When", "Who", "Action", "Target", "Changes"] as const;
const TEXT_FILTERS = ["actor", "targetId"] as const;
const FILTER_KEYS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** A day picked in the viewer's time zone, as the instant its local midnight is (the API filters by instants). */
function localMidnight(day: string, addDays = 0): string | undefined {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return undefined;
  const date = new Date(y, m - 1, d + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Filters and page from the URL (days as YYYY-MM-DD in the viewer's zone); anything malformed is dropped. */
function filtersOf(params: URLSearchParams): { url: Record<FilterKey, string>; query: AuditFilters } {
  const url = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<FilterKey, string>;
  const parsed = auditListQuerySchema.safeParse({
    actor: url.actor || undefined,
    action: url.action || undefined,
    targetType: url.targetType || undefined,
    targetId: url.targetId || undefined,
    // "to" is a whole day: up to the next local midnight, exclusive.
    from: url.from ? localMidnight(url.from) : undefined,
    to: url.to ? localMidnight(url.to, 1) : undefined,
    page: params.get("page") || undefined,
  });
  const query = parsed.success ? parsed.data : auditListQuerySchema.parse({});
  return { url, query: { ...query, pageSize: PAGE_SIZE } };
}

export function AuditPanel() {
  const { searchParams, replaceParams } = useUrlParams();
  const { url, query } = filtersOf(searchParams);
  // The text boxes write the URL once typing pauses, going back to page 1.
  const [text, setText] = useUrlTextFilters(TEXT_FILTERS, { actor: url.actor, targetId: url.targetId }, replaceParams);

  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery(auditListQuery(query));
  const hasFilters = FILTER_KEYS.some((k) => url[k]);

  function clearFilters() {
    setText({ actor: "", targetId: "" });
    replaceParams({ actor: "", action: "", targetType: "", targetId: "", from: "", to: "", page: "" });
  }

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what and when, with the values before and after each change. Times are in your time zone." />
      <div role="search" aria-label="Filter audit events" className="mb-4 flex flex-wrap items-end gap-4">
        <FormField label="Who" hint="Email or user id" className="w-56">
          {(control) => <Input {...control} type="search" value={text.actor} onChange={(e) => setText((t) => ({ ...t, actor: e.target.value }))} />}
        </FormField>
        <FilterSelect label="Action" className="w-52" value={url.action} anyLabel="All actions" options={optionsOf(auditActions, auditActionLabel)} onChange={(v) => replaceParams({ action: v, page: "" })} />
        <FilterSelect label="Target type" className="w-36" value={url.targetType} anyLabel="All types" options={optionsOf(auditTargetTypes, (v) => auditTargetTypeLabels[v])} onChange={(v) => replaceParams({ targetType: v, page: "" })} />
        <FormField label="Target id" className="w-56">
          {(control) => <Input {...control} type="search" value={text.targetId} onChange={(e) => setText((t) => ({ ...t, targetId: e.target.value }))} />}
        </FormField>
        <FormField label="From" className="w-40">
          {(control) => <Input {...control} type="date" value={url.from} max={url.to || undefined} onChange={(e) => replaceParams({ from: e.target.value, page: "" })} />}
        </FormField>
        <FormField label="To" className="w-40">
          {(control) => <Input {...control} type="date" value={url.to} min={url.from || undefined} onChange={(e) => replaceParams({ to: e.target.value, page: "" })} />}
        </FormField>
        {hasFilters ? (
          <Button variant="secondary" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <ListStates
        query={{ data, isError, error, isRefetching, refetch }}
        what="Audit events"
        isEmpty={(d) => d.events.length === 0}
        hasFilters={hasFilters}
        onClearFilters={clearFilters}
        icon={<History />}
        empty={{
          title: "No changes recorded yet",
          description: "Creating users, changing roles and creating, retrying or deleting protection plans are recorded here.",
          action: <Link href="/users" className="text-sm font-medium text-blue-800 underline-offset-4 hover:underline">Go to Users</Link>,
        }}
      >
        {(data) => (
        <PagedTable label="Audit events" columns={COLUMNS} data={data} onPage={(page) => replaceParams({ page })} isStale={isPlaceholderData}>
          {data.events.map((event) => (
            <AuditRow key={event.id} event={event} />
          ))}
        </PagedTable>
        )}
      </ListStates>
    </>
  );
}

const TARGET_LINK = "font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700";

/** The target by name (its id beneath), linking to its page where it has one. */
function AuditTarget({ event }: { event: AuditEvent }) {
  const type = auditTargetTypeLabels[event.targetType] ?? event.targetType;
  const after = event.after && typeof event.after === "object" && !Array.isArray(event.after) ? event.after : null;
  // A deleted plan has no page any more; its last event says so.
  const href =
    event.targetType === "plan" && event.action !== "plan.deleted"
      ? `/plans/${encodeURIComponent(event.targetId)}`
      : event.targetType === "instance" && typeof after?.regionId === "string"
        ? instancePageHref(after.regionId, event.targetId)
        : null;
  const label = event.targetName ?? event.targetId;
  return (
    <span className="grid">
      <span>
        <span className="text-slate-700">{type}</span>{" "}
        {href ? (
          <Link href={href} className={event.targetName ? TARGET_LINK : `${TARGET_LINK} font-mono text-xs`}>
            {label}
          </Link>
        ) : (
          <span className={event.targetName ? "font-medium" : "font-mono text-xs"}>{label}</span>
        )}
      </span>
      {event.targetName ? <span className="font-mono text-xs text-slate-600">{event.targetId}</span> : null}
    </span>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const [isOpen, setIsOpen] = useState(false);
  const diffId = `audit-diff-${event.id}`;
  return (
    <Fragment>
      <TableRow>
        <TableCell className="whitespace-nowrap text-slate-700">
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
        </TableCell>
        <TableCell>
          {event.actor ? (
            <span className="grid">
              <span className="font-medium">{event.actor.name}</span>
              <span className="text-xs text-slate-600">{event.actor.email}</span>
            </span>
          ) : (
            <span className="text-slate-600">System</span>
          )}
        </TableCell>
        <TableCell className="whitespace-nowrap">
          {auditActionLabel(event.action)}
          <span className="block font-mono text-xs text-slate-600">{event.action}</span>
        </TableCell>
        <TableCell>
          <AuditTarget event={event} />
        </TableCell>
        <TableCell>
          <Button variant="ghost" size="sm" aria-expanded={isOpen} aria-controls={isOpen ? diffId : undefined} onClick={() => setIsOpen((open) => !open)}>
            {isOpen ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
            {isOpen ? "Hide changes" : "Show changes"}
            <span className="sr-only"> of {event.targetId}</span>
          </Button>
        </TableCell>
      </TableRow>
      {isOpen ? (
        <TableRow className="bg-slate-50">
          <TableCell colSpan={COLUMNS.length}>
            <AuditDiff event={event} id={diffId} />
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}
