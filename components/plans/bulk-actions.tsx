"use client";
import { Pause, Play, X, Zap } from "lucide-react";
import { useState } from "react";
import { pauseEffect } from "@/components/plans/plan-actions";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useBulkPlanAction } from "@/lib/client/plans";
import { planActionLabels, type BulkPlanActionResult, type PlanActionKind, type PlanSummary } from "@/lib/schemas/plan";

const kinds: { kind: PlanActionKind; icon: typeof Zap }[] = [
  { kind: "runNow", icon: Zap },
  { kind: "pause", icon: Pause },
  { kind: "resume", icon: Play },
];

function describeEffect(kind: PlanActionKind, plans: PlanSummary[]): string {
  const n = plans.length;
  const what = `${n} selected ${n === 1 ? "plan" : "plans"}`;
  const instances = plans.reduce((sum, p) => sum + p.instanceCount, 0);
  if (kind === "runNow") return `Starts a backup now of every ECS instance in the ${what} (${instances} in all). Each backup is kept for its plan's Retention Period.`;
  if (kind === "pause") return `${pauseEffect(instances)} Applies to the ${what} that are running on a schedule.`;
  return `Scheduled backups of the ${what} start again from now; missed runs are not made up.`;
}

/** The bar over the plans table when admins have selected plans: one action on all of them, with its outcome. */
export function BulkActions({ selected, onClear }: { selected: PlanSummary[]; onClear: () => void }) {
  const bulk = useBulkPlanAction();
  const [outcome, setOutcome] = useState<{ kind: PlanActionKind; result: BulkPlanActionResult } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(kind: PlanActionKind) {
    setError(null);
    setOutcome(null);
    try {
      const result = await bulk.mutateAsync({ planIds: selected.map((p) => p.id), kind });
      setOutcome({ kind, result });
      onClear();
    } catch (err) {
      setError(`${planActionLabels[kind]} failed: ${errorMessageOf(err)}`);
    }
  }

  return (
    <div className="grid gap-2">
      {selected.length > 0 ? (
        <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-blue-200 bg-blue-50 p-2">
          <span className="px-2 text-sm font-medium text-slate-900" aria-live="polite">
            {selected.length} selected
          </span>
          {kinds.map(({ kind, icon: Icon }) => (
            <ConfirmDialog
              key={kind}
              trigger={
                <Button variant="secondary" size="sm">
                  <Icon aria-hidden="true" />
                  {planActionLabels[kind]}
                </Button>
              }
              title={`${planActionLabels[kind]}: ${selected.length} ${selected.length === 1 ? "plan" : "plans"}?`}
              description={describeEffect(kind, selected)}
              confirmLabel={planActionLabels[kind]}
              isPending={bulk.isPending && bulk.variables?.kind === kind}
              onConfirm={() => run(kind)}
            />
          ))}
          <Button variant="ghost" size="sm" onClick={onClear}>
            <X aria-hidden="true" />
            Clear selection
          </Button>
        </div>
      ) : null}
      {error ? (
        <Callout tone="danger" data-testid="bulk-error">
          {error}
        </Callout>
      ) : null}
      {outcome ? (
        <Callout tone={outcome.result.rejected.length ? "warning" : "info"} data-testid="bulk-outcome">
          <p className="font-medium">
            {planActionLabels[outcome.kind]}: queued for {outcome.result.accepted.length} {outcome.result.accepted.length === 1 ? "plan" : "plans"}
            {outcome.result.rejected.length ? `, ${outcome.result.rejected.length} skipped` : ""}.
          </p>
          {outcome.result.rejected.length ? (
            <ul className="mt-1 list-disc pl-5">
              {outcome.result.rejected.map((r) => (
                <li key={r.planId}>{r.message}</li>
              ))}
            </ul>
          ) : null}
        </Callout>
      ) : null}
    </div>
  );
}
