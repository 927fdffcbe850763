"use client";
import { useQuery } from "@tanstack/react-query";
import { NextRuns } from "@/components/shared/next-runs";
import { formatInterval, viewerTimeZone } from "@/components/shared/schedule-format";
import { Badge } from "@/components/ui/badge";
import { DescriptionItem } from "@/components/ui/description-item";
import { policiesQuery } from "@/lib/client/policies";
import { labels } from "@/lib/schemas/labels";
import { nextRunTimes, parseHbrSchedule, type Interval, type PlanDetail } from "@/lib/schemas/plan";
import { rpoStateLabels, rpoStateOf } from "@/lib/schemas/rpo-display";
import { formatDateTime } from "@/lib/utils";

/**
 * Start and interval of the plan's schedule: its own (backup plans), or the BACKUP rule of its policy read live,
 * since the policy can be edited in Policy Center (a new policy once it exists in HBR, an existing one always).
 */
function useSchedule(plan: PlanDetail): { schedule: { startTime: string; interval: Interval } | null; source: string; isLoading: boolean } {
  const s = plan.config.backupMode.mode === "auto" ? plan.config.backupMode.schedule : null;
  const livePolicyId = s?.kind === "existingPolicy" ? s.policyId : s?.kind === "newPolicy" ? plan.policyId : null;
  const policies = useQuery({ ...policiesQuery(plan.regionId), enabled: !!livePolicyId });
  if (!s) return { schedule: null, source: "", isLoading: false };
  if (s.kind !== "existingPolicy" && (s.kind === "plan" || !livePolicyId)) return { schedule: { startTime: s.startTime, interval: s.interval }, source: s.kind === "plan" ? "the plan's backup plans" : "the plan's policy", isLoading: false };
  if (!livePolicyId) return { schedule: null, source: "", isLoading: false };
  const policy = policies.data?.policies.find((p) => p.policyId === livePolicyId);
  return { schedule: policy?.schedule ? parseHbrSchedule(policy.schedule) : null, source: `policy ${livePolicyId}`, isLoading: policies.isPending };
}

/** The plan's RPO in the words of the plans list (rpo-display.ts), with what the page has room for. */
function RpoText({ plan }: { plan: PlanDetail }) {
  const state = rpoStateOf(plan);
  if (state === "untracked") return <>{rpoStateLabels.untracked} (the schedule belongs to an existing policy)</>;
  if (state === "breached") return <Badge tone="danger">{rpoStateLabels.breached}</Badge>;
  if (state === "paused") return <>{rpoStateLabels.paused}</>;
  return (
    <>
      <Badge tone="success">{rpoStateLabels.met}</Badge>
      {plan.rpoDueAt ? <span className="ml-2">until {formatDateTime(plan.rpoDueAt)} without a new backup</span> : null}
    </>
  );
}

/** When backups run (next five in the viewer's time zone), whether they are paused, and the plan's RPO. */
export function PlanSchedule({ plan }: { plan: PlanDetail }) {
  const { schedule, source, isLoading } = useSchedule(plan);
  if (plan.mode === "manual") {
    return <p className="text-sm text-slate-700">{labels.manualBackup}: one backup per instance at the time the plan was saved, no schedule. Use Run backup now to take another.</p>;
  }
  const runs = schedule && !plan.paused ? nextRunTimes(schedule.startTime, schedule.interval, 5) : [];
  const emptyText = plan.paused
    ? "Paused: no backups run until the plan is resumed."
    : isLoading
      ? "Reading the policy's schedule…"
      : `The schedule of ${source} is not an interval schedule the console can preview.`;
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <dl className="grid content-start gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr]" data-testid="plan-schedule">
        <DescriptionItem term="Schedule">
          {plan.paused ? <Badge tone="warning">Paused</Badge> : <Badge tone="success">Running</Badge>}
          {schedule ? <span className="ml-2">{formatInterval(schedule.interval)}</span> : null}
        </DescriptionItem>
        <DescriptionItem term="Last successful backup">{plan.lastSuccessAt ? formatDateTime(plan.lastSuccessAt) : "None yet"}</DescriptionItem>
        <DescriptionItem term="RPO">
          <span data-testid="plan-rpo">
            <RpoText plan={plan} />
          </span>
        </DescriptionItem>
        <DescriptionItem term="Time zone">{viewerTimeZone()}</DescriptionItem>
      </dl>
      <NextRuns runs={runs} headingId="plan-next-runs-heading" emptyText={emptyText} />
    </div>
  );
}
