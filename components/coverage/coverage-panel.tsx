"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck, ShieldPlus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { CoverageFreshness } from "@/components/coverage/coverage-freshness";
import { CoverageRowView, type RowSelection } from "@/components/coverage/coverage-row";
import { useNow } from "@/components/coverage/relative-time";
import { ListStates } from "@/components/layout/load-states";
import { PageHeader } from "@/components/layout/page-header";
import { FilterSelect, optionsOf } from "@/components/shared/filter-select";
import { Button, buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Pager } from "@/components/ui/pager";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { coverageListQuery, coverageMatchingQuery, protectHref } from "@/lib/client/coverage";
import { useUrlTextFilters } from "@/lib/client/hooks/use-debounced-value";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { regionsQuery } from "@/lib/client/regions";
import {
  coverageQuerySchema,
  coverageStateLabels,
  coverageStates,
  type CoverageQuery,
  type CoverageRow,
  type CoverageSort,
  type CoverageState,
} from "@/lib/schemas/coverage";
import { instanceStatuses } from "@/lib/schemas/instances";
import { MAX_INSTANCES_PER_PLAN } from "@/lib/schemas/plan";
import { regionNameOf } from "@/lib/schemas/region-names";
import { parseUrlQuery } from "@/lib/client/url-query";
import { SortableHead } from "@/components/shared/sortable-head";

const PAGE_SIZE = 20;
const FILTER_KEYS = ["state", "regionId", "osType", "status", "zoneId", "tag", "q"] as const;
const TEXT_KEYS = ["q", "zoneId", "tag"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const COLUMNS: { label: string; sort?: CoverageSort }[] = [
  { label: "Instance", sort: "name" },
  { label: "State", sort: "state" },
  { label: "Region", sort: "region" },
  { label: "Zone" },
  { label: "OS" },
  { label: "Protection" },
  { label: "Last backup", sort: "lastBackup" },
  { label: "First seen", sort: "firstSeen" },
];
/** Rows Protect can take: nothing protects them, or their protection fails. */
export const isProtectable = (row: Pick<CoverageRow, "state">) => row.state === "unprotected" || row.state === "atRisk";

/** Filters, sort and page from the URL; a malformed value is left out, not the others. */
export function coverageFiltersOf(params: URLSearchParams): { url: Record<FilterKey, string>; query: CoverageQuery } {
  const url = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<FilterKey, string>;
  const input: Record<string, string | undefined> = Object.fromEntries(
    [...FILTER_KEYS, "sort", "dir", "page"].map((k) => [k, params.get(k)?.trim() || undefined]),
  );
  const query = parseUrlQuery(coverageQuerySchema, input);
  return { url, query: { ...query, pageSize: PAGE_SIZE } };
}

interface Selection {
  regionId: string | null;
  ids: ReadonlySet<string>;
}
const noSelection: Selection = { regionId: null, ids: new Set() };

export function CoveragePanel({ isAdmin }: { isAdmin: boolean }) {
  const { searchParams, replaceParams } = useUrlParams();
  const { url, query } = coverageFiltersOf(searchParams);
  // The text boxes write the URL once typing pauses, going back to page 1.
  const [text, setText] = useUrlTextFilters(TEXT_KEYS, { q: url.q, zoneId: url.zoneId, tag: url.tag }, replaceParams);
  const now = useNow();
  const queryClient = useQueryClient();
  const regions = useQuery(regionsQuery());
  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery(coverageListQuery(query));
  const [selection, setSelection] = useState<Selection>(noSelection);
  const [matchNote, setMatchNote] = useState<string | null>(null);
  const [isMatching, setIsMatching] = useState(false);
  const hasFilters = FILTER_KEYS.some((k) => url[k]);
  const hasNarrowing = (["osType", "status", "zoneId", "tag", "q"] as const).some((k) => url[k]);

  const select = (key: FilterKey) => (value: string) => replaceParams({ [key]: value, page: undefined });
  function clearFilters() {
    setText({ q: "", zoneId: "", tag: "" });
    replaceParams({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])), page: undefined });
  }
  function sortBy(key: CoverageSort) {
    const dir = query.sort === key && query.dir === "asc" ? "desc" : "asc";
    replaceParams({ sort: key, dir, page: undefined });
  }
  function toggle(row: CoverageRow, isOn: boolean) {
    setMatchNote(null);
    setSelection((prev) => {
      const ids = new Set(prev.ids);
      if (isOn) ids.add(row.instanceId);
      else ids.delete(row.instanceId);
      return ids.size === 0 ? noSelection : { regionId: row.regionId, ids };
    });
  }

  // "Select all N matching": the unprotected (or at-risk) instances of one region the filters match.
  const matchRegion = query.regionId ?? selection.regionId;
  const matchState: CoverageState = query.state === "atRisk" ? "atRisk" : "unprotected";
  const matchCount = query.regionId && data ? data.counts[matchState] : null;
  // Why Select all cannot run now (null: it can).
  const matchBlocked =
    query.state === "protected" || query.state === "paused"
      ? "Protect takes unprotected or at-risk instances: choose one of those states."
      : !matchRegion
        ? "Choose a region (or select one instance) first: a plan protects instances of one region."
        : null;
  async function selectAllMatching() {
    if (!matchRegion) return;
    setIsMatching(true);
    setMatchNote(null);
    try {
      const { regionId: _r, state: _s, sort: _so, dir: _d, page: _p, pageSize: _ps, ...narrowing } = query;
      const match = await queryClient.fetchQuery(coverageMatchingQuery({ ...narrowing, state: matchState, regionId: matchRegion }));
      setSelection(match.instanceIds.length === 0 ? noSelection : { regionId: match.regionId, ids: new Set(match.instanceIds) });
      const what = (n: number) => `${n.toLocaleString("en-US")} ${coverageStateLabels[matchState].toLowerCase()} ${n === 1 ? "instance" : "instances"} in ${regionNameOf(match.regionId)}`;
      setMatchNote(
        match.total > match.instanceIds.length
          ? `${what(match.total)} match; a plan holds at most ${MAX_INSTANCES_PER_PLAN}, so the first ${match.instanceIds.length} are selected. Narrow the filters, or protect the rest in another plan.`
          : match.total === 0
            ? `No ${coverageStateLabels[matchState].toLowerCase()} instance in ${regionNameOf(match.regionId)} matches these filters.`
            : `${what(match.total)} selected.`,
      );
    } catch (err) {
      setMatchNote(`The matching instances could not be read: ${errorMessageOf(err)}`);
    } finally {
      setIsMatching(false);
    }
  }

  const regionOptions = [
    ...(regions.data?.regions ?? []).map((r) => [r.regionId, r.localName || regionNameOf(r.regionId)] as const),
    ...(url.regionId && !regions.data?.regions.some((r) => r.regionId === url.regionId) ? [[url.regionId, regionNameOf(url.regionId)] as const] : []),
  ];
  const counts = data?.counts;
  const allCount = counts ? coverageStates.reduce((sum, s) => sum + counts[s], 0) : undefined;
  const isAllProtected = url.state === "unprotected" && !hasNarrowing && data !== undefined && data.total === 0;

  return (
    <>
      <PageHeader
        title="Coverage"
        description="Every ECS instance of every region and whether a backup protects it, from the worker's inventory."
        actions={
          isAdmin ? (
            selection.ids.size > 0 && selection.regionId ? (
              <Link href={protectHref(selection.regionId, [...selection.ids])} className={buttonVariants()} data-testid="protect">
                <ShieldPlus aria-hidden="true" />
                Protect {selection.ids.size} {selection.ids.size === 1 ? "instance" : "instances"}
              </Link>
            ) : (
              <Button disabled aria-describedby="protect-hint" data-testid="protect">
                <ShieldPlus aria-hidden="true" />
                Protect
              </Button>
            )
          ) : null
        }
      />
      {isAdmin && selection.ids.size === 0 ? (
        <p id="protect-hint" className="-mt-4 mb-4 text-sm text-slate-600">
          Select unprotected or at-risk instances of one region to protect them in a new plan.
        </p>
      ) : null}
      <CoverageFreshness regions={data?.regions} now={now} />

      <div role="group" aria-label="Coverage state" className="mb-4 flex flex-wrap gap-2">
        {([["", "All", allCount], ...coverageStates.map((s) => [s, coverageStateLabels[s], counts?.[s]] as const)] as const).map(([value, label, count]) => {
          const isOn = url.state === value || (value === "" && !query.state);
          return (
            <button
              key={value || "all"}
              type="button"
              aria-pressed={isOn}
              onClick={() => select("state")(value)}
              className={`inline-flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${
                isOn ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100"
              }`}
            >
              {label}
              <span className="tabular-nums" data-testid={`count-${value || "all"}`}>
                {count === undefined ? "…" : count.toLocaleString("en-US")}
              </span>
            </button>
          );
        })}
      </div>

      <div role="search" aria-label="Filter coverage" className="mb-4 flex flex-wrap items-end gap-4">
        <FormField label="Search" className="w-56">
          {(control) => <Input {...control} type="search" placeholder="Name or i-…" value={text.q} onChange={(e) => setText((t) => ({ ...t, q: e.target.value }))} />}
        </FormField>
        <FilterSelect label="Region" className="w-52" value={url.regionId} anyLabel="All regions" options={regionOptions} onChange={select("regionId")} />
        <FilterSelect label="State" className="w-40" value={query.state ?? ""} anyLabel="All states" options={optionsOf(coverageStates, (s) => coverageStateLabels[s])} onChange={select("state")} />
        <FilterSelect label="OS" className="w-36" value={query.osType ?? ""} anyLabel="All" options={[["linux", "Linux"], ["windows", "Windows"]]} onChange={select("osType")} />
        <FilterSelect label="ECS status" className="w-40" value={query.status ?? ""} anyLabel="All" options={optionsOf(instanceStatuses, (s) => s)} onChange={select("status")} />
        <FormField label="Zone" className="w-44">
          {(control) => <Input {...control} placeholder="cn-hangzhou-h" value={text.zoneId} onChange={(e) => setText((t) => ({ ...t, zoneId: e.target.value }))} />}
        </FormField>
        <FormField label="Tag" className="w-44">
          {(control) => <Input {...control} placeholder="env=prod" value={text.tag} onChange={(e) => setText((t) => ({ ...t, tag: e.target.value }))} />}
        </FormField>
        {hasFilters ? (
          <Button variant="secondary" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>

      {isAdmin ? (
        <div className="mb-3 flex flex-wrap items-center gap-3 text-sm text-slate-800">
          <Button
            variant="secondary"
            size="sm"
            disabled={matchBlocked !== null || matchCount === 0 || isMatching}
            isLoading={isMatching}
            aria-describedby={matchBlocked ? "select-all-hint" : undefined}
            onClick={() => void selectAllMatching()}
          >
            {selectAllLabel(coverageStateLabels[matchState].toLowerCase(), matchCount)}
          </Button>
          {matchBlocked ? (
            <span id="select-all-hint" className="text-slate-600">
              {matchBlocked}
            </span>
          ) : null}
          {selection.ids.size > 0 ? (
            <>
              <span data-testid="selection-count">
                {selection.ids.size} selected in {regionNameOf(selection.regionId ?? "")}
              </span>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  setSelection(noSelection);
                  setMatchNote(null);
                }}
              >
                Clear selection
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      <div role="status" className="mb-3 empty:hidden">
        {matchNote ? (
          <p className="text-sm text-slate-800" data-testid="select-all-result">
            {matchNote}
          </p>
        ) : null}
      </div>

      {isAllProtected ? (
        <EmptyState
          icon={<ShieldCheck />}
          title="Every instance is protected"
          description={url.regionId ? `No ECS instance in ${regionNameOf(url.regionId)} is left without a backup.` : "No ECS instance in any region is left without a backup."}
        />
      ) : (
        <ListStates
          query={{ data, isError, error, isRefetching, refetch }}
          what="Instances"
          isEmpty={(d) => d.rows.length === 0}
          hasFilters={hasFilters}
          onClearFilters={clearFilters}
          icon={<ShieldCheck />}
          empty={{
            title: "No ECS instances in the inventory yet",
            description: "The worker reads every region's ECS instances into the inventory; they show here after its first pass.",
          }}
        >
          {(data) => (
            <div className="grid gap-3" aria-busy={isPlaceholderData || undefined}>
              <Table label="Coverage">
                <TableHeader>
                  <TableRow>
                    {isAdmin ? (
                      <TableHead className="w-10">
                        <span className="sr-only">Select</span>
                      </TableHead>
                    ) : null}
                    {COLUMNS.map((c) => (
                      <SortableHead key={c.label} label={c.label} sorted={c.sort !== undefined && query.sort === c.sort ? query.dir : null} onSort={c.sort ? () => sortBy(c.sort!) : undefined} />
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.rows.map((row) => (
                    <CoverageRowView key={`${row.regionId}/${row.instanceId}`} row={row} now={now} selection={isAdmin ? selectionOf(row, selection, toggle) : null} />
                  ))}
                </TableBody>
              </Table>
              <Pager page={data.page} pageSize={data.pageSize} total={data.total} label="Instances" onPageChange={(page) => replaceParams({ page: page === 1 ? undefined : String(page) })} />
            </div>
          )}
        </ListStates>
      )}
    </>
  );
}

/** "Select all 7 unprotected matching", or the first 99 of more; without a count when no region filter gives one. */
function selectAllLabel(state: string, count: number | null): string {
  if (count === null) return `Select all ${state} matching`;
  if (count > MAX_INSTANCES_PER_PLAN) return `Select the first ${MAX_INSTANCES_PER_PLAN} of ${count.toLocaleString("en-US")} ${state} matching`;
  return `Select all ${count.toLocaleString("en-US")} ${state} matching`;
}

function selectionOf(row: CoverageRow, selection: Selection, toggle: (row: CoverageRow, isOn: boolean) => void): RowSelection {
  const isSelected = selection.ids.has(row.instanceId);
  let blocked: string | null = null;
  if (!isProtectable(row)) blocked = `${coverageStateLabels[row.state]}: only unprotected or at-risk instances are protected from here`;
  else if (selection.regionId && selection.regionId !== row.regionId)
    blocked = `A plan protects instances of one region: ${regionNameOf(selection.regionId)} is selected. Clear the selection to choose ${regionNameOf(row.regionId)}.`;
  return { isSelected, blocked: isSelected ? null : blocked, onToggle: (isOn) => toggle(row, isOn) };
}
