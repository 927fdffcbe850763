"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { PlanForm } from "@/components/plans/wizard/wizard-form";
import { Callout } from "@/components/ui/callout";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { instancesQuery } from "@/lib/client/instances";
import type { Instance } from "@/lib/schemas/instances";
import { regionNameOf } from "@/lib/schemas/region-names";

export interface Preselection {
  /** How many instances the link asked for (0: the wizard was not opened from Protect). */
  requested: number;
  isLoading: boolean;
  selected: Instance[];
  /** Ids the region does not have. */
  unknown: string[];
  /** In a policy region, instances already bound to a policy (an instance takes one policy only). */
  bound: Instance[];
  /** Ids that could not be read, with why. */
  failed: { instanceId: string; message: string }[];
}

/**
 * The instances Coverage's Protect opened the wizard with, looked up live in one request to the instance search the
 * picker uses, then selected in step 1 once all have answered; ids the region does not have are reported, not dropped
 * silently.
 */
export function usePreselection(
  form: PlanForm,
  regionId: string,
  ids: readonly string[],
  /** null while the region's policy support is not known yet (bound instances are left out only in policy regions). */
  isPolicyRegion: boolean | null,
  onKnown: (instance: Instance) => void,
): Preselection {
  // One request (one DescribeInstances call with InstanceIds) for all of them: at most 99.
  const lookup = useQuery({
    ...instancesQuery(regionId, { q: "", ids: ids.join(","), page: 1, pageSize: Math.max(1, ids.length) }),
    placeholderData: undefined,
    staleTime: 60_000,
    enabled: ids.length > 0,
  });
  const isLoading = (ids.length > 0 && lookup.isPending) || isPolicyRegion === null;
  const selected: Instance[] = [];
  const unknown: string[] = [];
  const bound: Instance[] = [];
  const failed: Preselection["failed"] = [];
  const found = new Map((lookup.data?.instances ?? []).map((i) => [i.instanceId, i]));
  for (const id of ids) {
    if (lookup.isError) failed.push({ instanceId: id, message: errorMessageOf(lookup.error) });
    else if (lookup.data) {
      const instance = found.get(id);
      if (!instance) unknown.push(id);
      else if (isPolicyRegion && instance.boundPolicyId !== null) bound.push(instance);
      else selected.push(instance);
    }
  }

  const isApplied = useRef(false);
  const apply = useRef<() => void>(() => {});
  useEffect(() => {
    apply.current = () => {
      for (const instance of selected) onKnown(instance);
      if (selected.length > 0) {
        form.setValue(
          "backupObjects.instances",
          selected.map((i) => ({ instanceId: i.instanceId, protectAllDisks: true, diskIds: [] })),
          { shouldDirty: true },
        );
      }
    };
  });
  useEffect(() => {
    if (ids.length === 0 || isLoading || isApplied.current) return;
    isApplied.current = true;
    apply.current();
  }, [ids.length, isLoading]);

  return { requested: ids.length, isLoading, selected, unknown, bound, failed };
}

/** What the wizard did with the instances it was opened with. */
export function PreselectionNote({ preselection, regionId }: { preselection: Preselection; regionId: string }) {
  const { requested, isLoading, selected, unknown, bound, failed } = preselection;
  if (requested === 0) return null;
  const hasProblems = unknown.length + bound.length + failed.length > 0;
  return (
    <div role="status">
      {isLoading ? (
        <p className="text-sm text-slate-700" data-testid="preselection">
          Checking the {requested} {requested === 1 ? "instance" : "instances"} chosen in Coverage…
        </p>
      ) : (
        <Callout tone={hasProblems ? "warning" : "info"} className="grid gap-1 text-sm" data-testid="preselection">
          <p>
            {selected.length} of {requested} {requested === 1 ? "instance" : "instances"} chosen in Coverage {selected.length === 1 ? "is" : "are"} selected below.
          </p>
          {unknown.length > 0 ? (
            <p data-testid="preselection-unknown">
              Not found in {regionNameOf(regionId)}, left out: <span className="font-mono text-xs">{unknown.join(", ")}</span>
            </p>
          ) : null}
          {bound.length > 0 ? <p>Already bound to a backup policy (an instance takes one only), left out: {bound.map((i) => `${i.instanceName} (${i.instanceId})`).join(", ")}</p> : null}
          {failed.length > 0 ? <p>Could not be checked, left out: {failed.map((f) => `${f.instanceId} (${f.message})`).join(", ")}</p> : null}
        </Callout>
      )}
    </div>
  );
}
