"use client";
import { Pause, Play, X, Zap } from "lucide-react";
import { useState } from "react";
import { pauseEffect } from "@/components/plans/plan-actions";
import { instancesText } from "@/components/shared/schedule-format";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useBulkPlanAction } from "@/lib/client/plans";
import { planActionLabels, planActionRefusal, type BulkPlanActionResult, type PlanActionKind, type PlanSummary } from "@/lib/schemas/plan";

const kinds: { kind: PlanActionKind; icon: typeof Zap }[] = [
  { kind: "runNow", icon: Zap },
  { kind: "pause", icon: Pause },
  { kind: "resume", icon: Play },
];

interface Split {
  applicable: PlanSummary[];
  skipped: { plan: PlanSummary; reason: string }[];
}

/** The selected plans the action will really apply to, and the others with the reason the server will give. */
function splitByRule(kind: PlanActionKind, plans: PlanSummary[]): Split {
  const split: Split = { applicable: [], skipped: [] };
  for (const plan of plans) {
    const reason = planActionRefusal(kind, plan);
    if (reason) split.skipped.push({ plan, reason });
    else split.applicable.push(plan);
  }
  return split;
}

const plansText = (n: number) => `${n} ${n === 1 ? "plan" : "plans"}`;

function describeEffect(kind: PlanActionKind, plans: PlanSummary[]): string {
  const what = `the ${plansText(plans.length)} it applies to`;
  const instances = plans.reduce((sum, p) => sum + p.instanceCount, 0);
  if (kind === "runNow") return `Starts a backup now of every ECS instance in ${what} (${instancesText(instances)} in all). Each backup is kept for its plan's Retention Period.`;
  if (kind === "pause") return `${pauseEffect(instances)} Applies to ${what}.`;
  return `Scheduled backups of ${what} (${instancesText(instances)}) start again from now; missed runs are not made up.`;
}

/** The confirmation's text: what happens to which plans, and which are skipped and why (spans: it sits in a <p>). */
function Confirmation({ kind, split }: { kind: PlanActionKind; split: Split }) {
  const { applicable, skipped } = split;
  return (
    <>
      {applicable.length ? (
        <>
          <span className="block">{describeEffect(kind, applicable)}</span>
          <span className="mt-2 block font-medium text-slate-900">Applies to:</span>
          {applicable.map((p) => (
            <span key={p.id} className="block pl-3" data-testid="bulk-applies">
              {p.name} ({instancesText(p.instanceCount)})
            </span>
          ))}
        </>
      ) : (
        <span className="block">It applies to none of the selected plans.</span>
      )}
      {skipped.length ? (
        <>
          <span className="mt-2 block font-medium text-slate-900">Skipped ({plansText(skipped.length)}):</span>
          {skipped.map(({ plan, reason }) => (
            <span key={plan.id} className="block pl-3" data-testid="bulk-skipped">
              {reason}
            </span>
          ))}
        </>
      ) : null}
    </>
  );
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
      // Every selected plan is sent: the server applies the same rule to their state now, and the outcome names what it skipped.
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
          {kinds.map(({ kind, icon: Icon }) => {
            const split = splitByRule(kind, selected);
            const n = split.applicable.length;
            return (
              <ConfirmDialog
                key={kind}
                trigger={
                  <Button variant="secondary" size="sm">
                    <Icon aria-hidden="true" />
                    {planActionLabels[kind]}
                  </Button>
                }
                title={n === selected.length ? `${planActionLabels[kind]}: ${plansText(n)}?` : `${planActionLabels[kind]}: ${n} of ${plansText(selected.length)}?`}
                description={<Confirmation kind={kind} split={split} />}
                confirmLabel={planActionLabels[kind]}
                isConfirmDisabled={n === 0}
                isPending={bulk.isPending && bulk.variables?.kind === kind}
                onConfirm={() => run(kind)}
              />
            );
          })}
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
