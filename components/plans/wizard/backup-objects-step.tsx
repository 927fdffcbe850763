"use client";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Search, Server } from "lucide-react";
import { useId, useState } from "react";
import { useWatch } from "react-hook-form";
import { Pager } from "@/components/ui/pager";
import { useDebouncedValue } from "@/lib/client/hooks/use-debounced-value";
import { errorAt } from "@/components/shared/form-errors";
import { usePlanErrors, type PlanForm, type SelectedInstances } from "@/components/plans/wizard/wizard-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { instancesQuery } from "@/lib/client/instances";
import { instanceStatuses, parseTagFilter, type Disk, type Instance } from "@/lib/schemas/instances";
import { labels } from "@/lib/schemas/labels";
import { MAX_INSTANCES_PER_PLAN, tooManyInstancesMessage, type PlanInstanceInput } from "@/lib/schemas/plan";

export const INSTANCE_PAGE_SIZE = 20;
const COLUMNS = ["Name", "ID", "OS", "Status", "Disks", "Zone", "Notes"] as const;
/** Above this many selected instances the selection list starts collapsed, so the page does not grow without end. */
export const SELECTED_LIST_OPEN_UP_TO = 5;
const ZONE_ID = /^[a-z0-9-]+$/;

interface BackupObjectsStepProps {
  form: PlanForm;
  regionId: string;
  /** In policy regions Auto Backup binds instances to a policy, and an instance can be bound to one only. */
  isPolicyRegion: boolean;
  known: SelectedInstances;
  onKnown: (instance: Instance) => void;
}

export const diskLabel = (d: Disk) => `${d.diskId} (${d.type}, ${d.category}, ${d.sizeGiB} GiB)`;

export function SnapshotGroupBadge({ instance }: { instance: Instance }) {
  return instance.snapshotGroupSupported ? (
    <Badge tone="success" title={instance.snapshotGroupReason}>
      Snapshot-consistent group
    </Badge>
  ) : (
    <Badge tone="neutral" title={instance.snapshotGroupReason}>
      Crash consistency of disks only
    </Badge>
  );
}

export function BackupObjectsStep({ form, regionId, isPolicyRegion, known, onKnown }: BackupObjectsStepProps) {
  const [search, setSearch] = useState("");
  const [filters, setFilters] = useState({ osType: "", status: "", zoneId: "", tag: "" });
  const errors = usePlanErrors(form);
  const [page, setPage] = useState(1);
  const [limitMessage, setLimitMessage] = useState<string | null>(null);
  const [selectAllMessage, setSelectAllMessage] = useState<string | null>(null);
  const [isSelectingAll, setIsSelectingAll] = useState(false);
  const [isListOpen, setIsListOpen] = useState<boolean | null>(null);
  const queryClient = useQueryClient();
  const q = useDebouncedValue(search.trim(), 300);
  const typed = useDebouncedValue({ zoneId: filters.zoneId.trim(), tag: filters.tag.trim() }, 300);
  const narrowing = {
    osType: filters.osType,
    status: filters.status,
    // Half-typed values are not sent: the server would refuse them.
    zoneId: ZONE_ID.test(typed.zoneId) ? typed.zoneId : "",
    tag: typed.tag && parseTagFilter(typed.tag) ? typed.tag : "",
  };
  const { data, error, isPending, isError, isPlaceholderData, refetch, isRefetching } = useQuery(
    instancesQuery(regionId, { q, page, pageSize: INSTANCE_PAGE_SIZE, ...narrowing }),
  );
  const selected = useWatch({ control: form.control, name: "backupObjects.instances" });
  const selectedIds = new Set(selected.map((i) => i.instanceId));
  const listError = errorAt(errors, "backupObjects.instances");
  const hasItemErrors = selected.some((_, index) => errorAt(errors, `backupObjects.instances.${index}.diskIds`) !== undefined);
  const isSelectionShown = hasItemErrors || (isListOpen ?? selected.length <= SELECTED_LIST_OPEN_UP_TO);
  const isNarrowed = q !== "" || Object.values(narrowing).some(Boolean);

  function setFilter(key: keyof typeof filters, value: string) {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
    setSelectAllMessage(null);
  }

  function setSelected(next: PlanInstanceInput[]) {
    // Once Next has shown "Select at least one ECS instance", every change re-validates, so the error goes as soon as it no longer holds.
    form.setValue("backupObjects.instances", next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted || listError !== undefined });
  }

  function toggle(instance: Instance, isChecked: boolean) {
    if (!isChecked) {
      setLimitMessage(null);
      setSelected(selected.filter((i) => i.instanceId !== instance.instanceId));
      return;
    }
    if (selected.length >= MAX_INSTANCES_PER_PLAN) {
      setLimitMessage(`${tooManyInstancesMessage}. ${instance.instanceName} was not selected.`);
      return;
    }
    setLimitMessage(null);
    onKnown(instance);
    setSelected([...selected, { instanceId: instance.instanceId, protectAllDisks: true, diskIds: [] }]);
  }

  /** Every instance the search and filters match, up to what the plan still has room for. */
  async function selectAllMatching() {
    setIsSelectingAll(true);
    setLimitMessage(null);
    try {
      const all = await queryClient.fetchQuery(instancesQuery(regionId, { q, page: 1, pageSize: MAX_INSTANCES_PER_PLAN, ...narrowing }));
      const room = MAX_INSTANCES_PER_PLAN - selected.length;
      const candidates = all.instances.filter((i) => !selectedIds.has(i.instanceId));
      const blocked = isPolicyRegion ? candidates.filter((i) => i.boundPolicyId !== null).length : 0;
      const added = candidates.filter((i) => !(isPolicyRegion && i.boundPolicyId !== null)).slice(0, Math.max(0, room));
      for (const instance of added) onKnown(instance);
      if (added.length) setSelected([...selected, ...added.map((i) => ({ instanceId: i.instanceId, protectAllDisks: true, diskIds: [] }))]);
      const notes = [`${added.length} ${added.length === 1 ? "instance" : "instances"} added`];
      if (blocked) notes.push(`${blocked} already bound to a backup policy left out`);
      if (all.total > MAX_INSTANCES_PER_PLAN) notes.push(`${all.total} match, but a plan holds at most ${MAX_INSTANCES_PER_PLAN}: narrow the filters or make another plan for the rest`);
      else if (candidates.length - blocked > added.length) notes.push(`the plan is full at ${MAX_INSTANCES_PER_PLAN}`);
      setSelectAllMessage(`${notes.join("; ")}.`);
    } catch (err) {
      setSelectAllMessage(`The matching instances could not be read: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setIsSelectingAll(false);
    }
  }

  return (
    <div className="grid gap-5">
      <p className="text-sm text-slate-700">
        Choose the ECS instances to back up, at most {MAX_INSTANCES_PER_PLAN}. HBR makes a snapshot-consistent group for
        instances whose disks are all ESSDs in one zone; for the others it ensures only the crash consistency of disks.
      </p>
      <FormField label="Search instances" hint="Name or instance ID; searched on the server.">
        {(control) => (
          <div className="relative max-w-md">
            <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-500" aria-hidden="true" />
            <Input
              {...control}
              type="search"
              className="pl-9"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          </div>
        )}
      </FormField>
      <div role="group" aria-label="Filter instances" className="flex flex-wrap items-end gap-3">
        <FormField label="OS" className="w-36">
          {(control) => (
            <Select {...control} value={filters.osType} onChange={(e) => setFilter("osType", e.target.value)}>
              <option value="">All</option>
              <option value="linux">Linux</option>
              <option value="windows">Windows</option>
            </Select>
          )}
        </FormField>
        <FormField label="Status" className="w-36">
          {(control) => (
            <Select {...control} value={filters.status} onChange={(e) => setFilter("status", e.target.value)}>
              <option value="">All</option>
              {instanceStatuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Zone" className="w-48">
          {(control) => <Input {...control} placeholder={`${regionId}-a`} value={filters.zoneId} onChange={(e) => setFilter("zoneId", e.target.value)} />}
        </FormField>
        <FormField label="Tag" className="w-48">
          {(control) => <Input {...control} placeholder="env=prod" value={filters.tag} onChange={(e) => setFilter("tag", e.target.value)} />}
        </FormField>
      </div>

      {isError ? (
        <LoadError what="ECS instances" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />
      ) : isPending ? (
        <LoadingRows label="Loading ECS instances…" />
      ) : data.instances.length === 0 ? (
        <EmptyState
          icon={<Server />}
          headingLevel="h3"
          title={q ? "No instances match" : "No ECS instances in this region"}
          description={q ? "Try another name or ID." : "Choose another region in the top bar."}
        />
      ) : (
        <div className="grid gap-3" aria-busy={isPlaceholderData || undefined}>
          <Table label="ECS instances">
            <TableHeader>
              <TableRow>
                <TableHead>
                  <span className="sr-only">Select</span>
                </TableHead>
                {COLUMNS.map((c) => (
                  <TableHead key={c}>{c}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.instances.map((instance) => (
                <InstanceRow
                  key={instance.instanceId}
                  instance={instance}
                  isChecked={selectedIds.has(instance.instanceId)}
                  isBlocked={isPolicyRegion && instance.boundPolicyId !== null}
                  onToggle={toggle}
                />
              ))}
            </TableBody>
          </Table>
          <div className="flex flex-wrap items-center justify-between gap-3">
            {isNarrowed ? (
              <Button variant="secondary" size="sm" disabled={isSelectingAll || isPlaceholderData} onClick={() => void selectAllMatching()}>
                {isSelectingAll ? "Selecting…" : `Select all ${Math.min(data.total, MAX_INSTANCES_PER_PLAN)} matching`}
              </Button>
            ) : (
              <span />
            )}
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} label="Instances" onPageChange={setPage} />
          </div>
          {isNarrowed && data.total > MAX_INSTANCES_PER_PLAN ? (
            <p className="text-sm text-slate-700" data-testid="select-all-cap">
              {data.total} instances match; a plan holds at most {MAX_INSTANCES_PER_PLAN}, so Select all takes the first {MAX_INSTANCES_PER_PLAN}.
            </p>
          ) : null}
        </div>
      )}
      <div role="status" className="empty:hidden">
        {selectAllMessage ? (
          <p className="text-sm text-slate-800" data-testid="select-all-result">
            {selectAllMessage}
          </p>
        ) : null}
      </div>

      <StatusMessage message={limitMessage} testId="selection-limit" />

      <section aria-labelledby="selected-instances-heading" className="grid gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h3 id="selected-instances-heading" className="text-base font-semibold text-slate-900">
            Selected instances ({selected.length} of {MAX_INSTANCES_PER_PLAN})
          </h3>
          {selected.length > 0 && !hasItemErrors ? (
            <Button variant="ghost" size="sm" aria-expanded={isSelectionShown} aria-controls="selected-instances-list" onClick={() => setIsListOpen(!isSelectionShown)}>
              {isSelectionShown ? "Hide" : "Show"}
              <span className="sr-only"> selected instances</span>
            </Button>
          ) : null}
          {selected.length > 1 ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setLimitMessage(null);
                setSelectAllMessage(null);
                setSelected([]);
              }}
            >
              Clear selection
            </Button>
          ) : null}
        </div>
        {listError ? (
          <p className="text-sm font-medium text-red-700" data-testid="instances-error">
            {listError}
          </p>
        ) : null}
        {selected.length === 0 ? (
          <p className="text-sm text-slate-600">No instance selected yet.</p>
        ) : !isSelectionShown ? (
          <p className="text-sm text-slate-700" data-testid="selection-collapsed">
            {selected.length} selected: {selected.slice(0, 3).map((i) => known.get(i.instanceId)?.instanceName ?? i.instanceId).join(", ")}
            {selected.length > 3 ? ` and ${selected.length - 3} more` : ""}.
          </p>
        ) : (
          <ul id="selected-instances-list" className="grid gap-3">
            {selected.map((item, index) => {
              const instance = known.get(item.instanceId);
              return (
                <SelectedInstanceItem
                  key={item.instanceId}
                  form={form}
                  index={index}
                  item={item}
                  instance={instance}
                  onRemove={() => {
                    setLimitMessage(null);
                    setSelected(selected.filter((i) => i.instanceId !== item.instanceId));
                  }}
                />
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

interface InstanceRowProps {
  instance: Instance;
  isChecked: boolean;
  isBlocked: boolean;
  onToggle: (instance: Instance, isChecked: boolean) => void;
}

function InstanceRow({ instance, isChecked, isBlocked, onToggle }: InstanceRowProps) {
  const noteId = useId();
  return (
    <TableRow className={isChecked ? "bg-blue-50" : undefined}>
      <TableCell className="w-10">
        <input
          type="checkbox"
          className="size-4 cursor-pointer accent-blue-700 disabled:cursor-not-allowed"
          aria-label={`Select ${instance.instanceName}`}
          aria-describedby={isBlocked ? noteId : undefined}
          checked={isChecked}
          disabled={isBlocked && !isChecked}
          onChange={(e) => onToggle(instance, e.target.checked)}
        />
      </TableCell>
      <TableCell className="font-medium">{instance.instanceName}</TableCell>
      <TableCell className="font-mono text-xs whitespace-nowrap text-slate-700">{instance.instanceId}</TableCell>
      <TableCell>{instance.osName}</TableCell>
      <TableCell>
        <Badge tone={instance.status === "Running" ? "success" : "neutral"}>{instance.status}</Badge>
      </TableCell>
      <TableCell className="whitespace-nowrap">
        {instance.disks.length} ({[...new Set(instance.disks.map((d) => d.category))].join(", ")})
      </TableCell>
      <TableCell className="whitespace-nowrap">{instance.zoneId}</TableCell>
      <TableCell className="grid gap-1">
        <SnapshotGroupBadge instance={instance} />
        {instance.boundPolicyId ? (
          <span id={noteId} className="text-xs text-slate-700">
            Bound to {instance.boundPolicyName ? `${instance.boundPolicyName} (${instance.boundPolicyId})` : instance.boundPolicyId}
            {isBlocked ? ": an instance can be bound to one backup policy only" : null}
          </span>
        ) : null}
      </TableCell>
    </TableRow>
  );
}

interface SelectedInstanceItemProps {
  form: PlanForm;
  index: number;
  item: PlanInstanceInput;
  instance: Instance | undefined;
  onRemove: () => void;
}

function SelectedInstanceItem({ form, index, item, instance, onRemove }: SelectedInstanceItemProps) {
  const name = instance?.instanceName ?? item.instanceId;
  const switchId = useId();
  const errors = usePlanErrors(form);
  const diskError = errorAt(errors, `backupObjects.instances.${index}.diskIds`);
  const diskErrorId = `${switchId}-disk-error`;

  function setProtectAll(isOn: boolean) {
    form.setValue(`backupObjects.instances.${index}.protectAllDisks`, isOn, { shouldDirty: true });
    if (isOn) form.setValue(`backupObjects.instances.${index}.diskIds`, [], { shouldDirty: true });
    if (form.formState.isSubmitted || diskError) void form.trigger(`backupObjects.instances.${index}.diskIds`);
  }

  function toggleDisk(diskId: string, isChecked: boolean) {
    const next = isChecked ? [...item.diskIds, diskId] : item.diskIds.filter((d) => d !== diskId);
    form.setValue(`backupObjects.instances.${index}.diskIds`, next, { shouldDirty: true });
    if (form.formState.isSubmitted || diskError) void form.trigger(`backupObjects.instances.${index}.diskIds`);
  }

  return (
    <li className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid={`selected-${item.instanceId}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <p className="font-medium text-slate-900">
            {name} <span className="font-mono text-xs font-normal text-slate-600">{item.instanceId}</span>
          </p>
          {instance ? (
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
              <SnapshotGroupBadge instance={instance} />
              <span>{instance.snapshotGroupReason}</span>
            </div>
          ) : null}
        </div>
        <Button variant="ghost" size="sm" onClick={onRemove}>
          Remove<span className="sr-only"> {name}</span>
        </Button>
      </div>
      <div className="flex items-center gap-3">
        <Switch
          id={switchId}
          aria-label={`${labels.protectAllDisks} for ${name}`}
          checked={item.protectAllDisks}
          onCheckedChange={setProtectAll}
        />
        <label htmlFor={switchId} className="text-sm text-slate-900" aria-hidden="true">
          {labels.protectAllDisks}
          <span className="text-slate-600"> — disks attached later are protected too</span>
        </label>
      </div>
      {item.protectAllDisks ? null : (
        <fieldset className="grid gap-2" aria-describedby={diskError ? diskErrorId : undefined} aria-invalid={diskError ? true : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-900">Disks of {name} to back up (at least one)</legend>
          {(instance?.disks ?? []).map((disk) => (
            <label key={disk.diskId} className="flex items-center gap-2 text-sm text-slate-900">
              <input
                type="checkbox"
                className="size-4 cursor-pointer accent-blue-700"
                checked={item.diskIds.includes(disk.diskId)}
                onChange={(e) => toggleDisk(disk.diskId, e.target.checked)}
              />
              {diskLabel(disk)}
            </label>
          ))}
          {diskError ? (
            <p id={diskErrorId} className="text-sm font-medium text-red-700">
              {diskError}
            </p>
          ) : null}
        </fieldset>
      )}
    </li>
  );
}
