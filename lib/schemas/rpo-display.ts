import type { PlanSummary } from "@/lib/schemas/plan";

// How a plan's RPO reads, one rule for the plans list and the plan page: a paused plan is "Not counted while
// paused" in both, never "Met" in one and not counted in the other.

export const rpoStates = ["untracked", "breached", "paused", "met"] as const;
export type RpoState = (typeof rpoStates)[number];

export const rpoStateLabels: Record<RpoState, string> = {
  untracked: "Not tracked",
  breached: "Breached",
  paused: "Not counted while paused",
  met: "Met",
};

/**
 * untracked: no cadence the console knows (Manual Backup, an existing policy); breached: the newest success is
 * older than 1.5 intervals; paused: the schedule is suspended, so no run is missed; met: otherwise.
 */
export function rpoStateOf(plan: Pick<PlanSummary, "rpoBreached" | "paused">): RpoState {
  if (plan.rpoBreached === null) return "untracked";
  if (plan.rpoBreached) return "breached";
  return plan.paused ? "paused" : "met";
}
