"use client";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { ListStates } from "@/components/layout/load-states";
import { FilterSelect, optionsOf } from "@/components/shared/filter-select";
import { useQuery } from "@tanstack/react-query";
import { MapPinOff, Plus, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useRegion } from "@/components/layout/use-region";
import { PageHeader } from "@/components/layout/page-header";
import { BulkActions } from "@/components/plans/bulk-actions";
import { Pager } from "@/components/ui/pager";
import { PlanStatusBadge } from "@/components/plans/plan-status-badge";
import { useSettledText } from "@/lib/client/hooks/use-debounced-value";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { regionsQuery } from "@/lib/client/regions";
import { planListQuery, type PlanListFilters } from "@/lib/client/plans";
import { labels } from "@/lib/schemas/labels";
import { backupModeLabels, planListQuerySchema, planStatuses, planStatusLabels, type PlanSummary } from "@/lib/schemas/plan";
import { regionNameOf } from "@/lib/schemas/region-names";
import { rpoStateLabels, rpoStateOf } from "@/lib/schemas/rpo-display";
import { formatRto } from "@/lib/schemas/drill";
import { formatDate, formatDateTime } from "@/lib/utils";
import { SortableHead } from "@/components/shared/sortable-head";

const PAGE_SIZE = 20;
type SortKey = "name" | "status" | "createdAt";
const COLUMNS: { label: string; sort?: SortKey }[] = [
  { label: "Name", sort: "name" },
  { label: "Status", sort: "status" },
  { label: "RPO" },
  { label: "Mode" },
  { label: "Instances" },
  { label: "Application consistent" },
  { label: "Replication" },
  { label: "Last verified restorable" },
  { label: "Created", sort: "createdAt" },
];

/** Filters, sort and page from the URL; anything malformed falls back to the defaults. */
function filtersOf(params: URLSearchParams, regionId: string): PlanListFilters & { sort: string; order: "asc" | "desc"; page: number } {
  const parsed = planListQuerySchema.safeParse({
    status: params.get("status") || undefined,
    mode: params.get("mode") || undefined,
    appConsistent: params.get("appConsistent") || undefined,
    replication: params.get("replication") || undefined,
    rpo: params.get("rpo") || undefined,
    paused: params.get("paused") || undefined,
    verified: params.get("verified") || undefined,
    q: params.get("q") || undefined,
    sort: params.get("sort") || undefined,
    order: params.get("order") || undefined,
    page: params.get("page") || undefined,
  });
  const query = parsed.success ? parsed.data : planListQuerySchema.parse({});
  return { ...query, regionId, pageSize: PAGE_SIZE };
}

export function PlansPanel({ isAdmin }: { isAdmin: boolean }) {
  const { searchParams, replaceParams } = useUrlParams();
  const { region, withRegion } = useRegion();
  const filters = filtersOf(searchParams, region);
  const [search, setSearch] = useState(filters.q ?? "");
  // The search box writes ?q= once typing pauses; going back to page 1 with it.
  useSettledText(search.trim(), (q) => {
    if (q !== (new URLSearchParams(window.location.search).get("q") ?? "")) replaceParams({ q, page: undefined });
  });

  // The account's regions (the top bar reads the same query): a ?region= that is none of them offers nothing to add.
  const regions = useQuery(regionsQuery());
  const isUnknownRegion = regions.data !== undefined && !regions.data.regions.some((r) => r.regionId === region);
  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery({ ...planListQuery(filters), enabled: !isUnknownRegion });
  const hasFilters = Boolean(filters.status || filters.mode || filters.appConsistent || filters.replication || filters.rpo || filters.paused || filters.verified || filters.q);
  // Selection lives only as long as the page of plans it was made on.
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  const pageKey = JSON.stringify(filters);
  const [selectionKey, setSelectionKey] = useState(pageKey);
  if (selectionKey !== pageKey) {
    setSelectionKey(pageKey);
    setSelectedIds(new Set());
  }
  const selected = data?.plans.filter((p) => selectedIds.has(p.id)) ?? [];
  const toggle = (planId: string, isOn: boolean) =>
    setSelectedIds((prev) => {
      const next = new Set(prev);
      if (isOn) next.add(planId);
      else next.delete(planId);
      return next;
    });

  function sortBy(key: SortKey) {
    const order = filters.sort === key && filters.order === "asc" ? "desc" : "asc";
    replaceParams({ sort: key, order, page: undefined });
  }

  if (isUnknownRegion) {
    return (
      <>
        <PageHeader title="Protection Plans" description={`No region ${region} in this account.`} />
        <div data-testid="region-not-found">
          <EmptyState
            icon={<MapPinOff />}
            title={`Region ${region} does not exist`}
            description={
              <>
                <p>This account has no region with that id, so it has no plans and nothing to back up there. Choose one of its regions:</p>
                <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1">
                  {regions.data.regions.map((r) => (
                    <li key={r.regionId}>
                      <Link
                        href={`/plans?${new URLSearchParams({ region: r.regionId })}`}
                        className="font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700"
                      >
                        {r.localName}
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            }
          />
        </div>
      </>
    );
  }

  const addButton = isAdmin ? (
    <Link href={withRegion("/plans/new")} className={buttonVariants()}>
      <Plus aria-hidden="true" />
      {labels.addEcsBackup}
    </Link>
  ) : null;

  return (
    <>
      <PageHeader title="Protection Plans" description={`ECS backup plans in ${regionNameOf(region)}.`} actions={addButton} />
      <div role="search" aria-label="Filter plans" className="mb-4 flex flex-wrap items-end gap-4">
        <FormField label="Search plans" className="w-64">
          {(control) => <Input {...control} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
        </FormField>
        <FilterSelect label="Status" className="w-44" value={filters.status ?? ""} anyLabel="All statuses" options={optionsOf(planStatuses, (v) => planStatusLabels[v])} onChange={(v) => replaceParams({ status: v, page: undefined })} />
        <FilterSelect label="Mode" className="w-44" value={filters.mode ?? ""} anyLabel="All modes" options={[["manual", labels.manualBackup], ["auto", labels.autoBackup]]} onChange={(v) => replaceParams({ mode: v, page: undefined })} />
        <FilterSelect label="RPO" className="w-44" value={filters.rpo ?? ""} anyLabel="Any" options={[["breached", "Breached"], ["ok", "Met"]]} onChange={(v) => replaceParams({ rpo: v, page: undefined })} />
        <FilterSelect label="Verified restorable (30 days)" className="w-56" value={filters.verified ?? ""} anyLabel="Any" options={[["yes", "Verified"], ["no", "Not verified"]]} onChange={(v) => replaceParams({ verified: v, page: undefined })} />
        {([["appConsistent", labels.appConsistentBackup], ["replication", labels.replication], ["paused", "Paused"]] as const).map(([key, label]) => (
          <FilterSelect key={key} label={label} className="w-56" value={filters[key] ?? ""} anyLabel="Any" options={[["true", "On"], ["false", "Off"]]} onChange={(v) => replaceParams({ [key]: v, page: undefined })} />
        ))}
      </div>

      <ListStates
        query={{ data, isError, error, isRefetching, refetch }}
        what="Protection plans"
        isEmpty={(d) => d.plans.length === 0}
        hasFilters={hasFilters}
        onClearFilters={() => {
          setSearch("");
          replaceParams({ status: undefined, mode: undefined, appConsistent: undefined, replication: undefined, rpo: undefined, paused: undefined, verified: undefined, q: undefined, page: undefined });
        }}
        icon={<ShieldCheck />}
        empty={{
          title: "No protection plans yet",
          description: isAdmin ? `Use ${labels.addEcsBackup} to choose ECS instances and a backup schedule.` : "Only admins can add protection plans. Plans created in this region will be listed here.",
          action: addButton,
        }}
      >
        {(data) => (
        <div className="grid gap-3" aria-busy={isPlaceholderData || undefined}>
          {isAdmin ? <BulkActions selected={selected} onClear={() => setSelectedIds(new Set())} /> : null}
          <Table label="Protection plans">
            <TableHeader>
              <TableRow>
                {isAdmin ? (
                  <TableHead className="w-10">
                    <input
                      type="checkbox"
                      className="size-4 cursor-pointer accent-blue-700"
                      aria-label="Select every plan on this page"
                      checked={data.plans.length > 0 && selected.length === data.plans.length}
                      onChange={(e) => setSelectedIds(e.target.checked ? new Set(data.plans.map((p) => p.id)) : new Set())}
                    />
                  </TableHead>
                ) : null}
                {COLUMNS.map((c) => (
                  <SortableHead key={c.label} label={c.label} sorted={c.sort !== undefined && filters.sort === c.sort ? filters.order : null} onSort={c.sort ? () => sortBy(c.sort!) : undefined} />
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.plans.map((plan) => (
                <PlanRow
                  key={plan.id}
                  plan={plan}
                  href={withRegion(`/plans/${encodeURIComponent(plan.id)}`)}
                  selection={isAdmin ? { isSelected: selectedIds.has(plan.id), onToggle: (isOn) => toggle(plan.id, isOn) } : null}
                />
              ))}
            </TableBody>
          </Table>
          <Pager
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            label="Plans"
            onPageChange={(page) => replaceParams({ page: page === 1 ? undefined : String(page) })}
          />
        </div>
        )}
      </ListStates>
    </>
  );
}

interface RowSelection {
  isSelected: boolean;
  onToggle: (isOn: boolean) => void;
}

function PlanRow({ plan, href, selection }: { plan: PlanSummary; href: string; selection: RowSelection | null }) {
  return (
    <TableRow data-testid={`plan-row-${plan.id}`}>
      {selection ? (
        <TableCell className="w-10">
          <input
            type="checkbox"
            className="size-4 cursor-pointer accent-blue-700"
            aria-label={`Select ${plan.name}`}
            checked={selection.isSelected}
            onChange={(e) => selection.onToggle(e.target.checked)}
          />
        </TableCell>
      ) : null}
      <TableCell className="font-medium">
        <Link href={href} className="text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
          {plan.name}
        </Link>
      </TableCell>
      <TableCell>
        <span className="inline-flex flex-wrap gap-1">
          <PlanStatusBadge status={plan.status} />
          {plan.paused ? <Badge tone="warning">Paused</Badge> : null}
        </span>
      </TableCell>
      <TableCell data-testid="plan-rpo">
        <RpoState plan={plan} />
      </TableCell>
      <TableCell className="whitespace-nowrap">{backupModeLabels[plan.mode]}</TableCell>
      <TableCell>{plan.instanceCount}</TableCell>
      <TableCell>{plan.appConsistent ? <Badge tone="info">Yes</Badge> : "No"}</TableCell>
      <TableCell className="whitespace-nowrap">{plan.replicationRegionId ? regionNameOf(plan.replicationRegionId) : "Off"}</TableCell>
      <TableCell className="text-xs whitespace-nowrap" data-testid="plan-last-verified">
        {plan.lastVerified ? (
          <>
            <time dateTime={plan.lastVerified.at} title={formatDateTime(plan.lastVerified.at)}>
              {formatDate(plan.lastVerified.at)}
            </time>
            <br />
            RTO {formatRto(plan.lastVerified.rtoSeconds)}
          </>
        ) : (
          "Not verified"
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap text-slate-700">
        <time dateTime={plan.createdAt}>{formatDateTime(plan.createdAt)}</time>
      </TableCell>
    </TableRow>
  );
}

/** The RPO column: the same words as the plan page's RPO (rpo-display.ts). */
function RpoState({ plan }: { plan: PlanSummary }) {
  const state = rpoStateOf(plan);
  if (state === "breached") return <Badge tone="danger">{rpoStateLabels.breached}</Badge>;
  return <>{rpoStateLabels[state]}</>;
}
