"use client";
import { Download, Pause, Play, RotateCcw, Trash2, Zap } from "lucide-react";
import { useRouter } from "next/navigation";
import { instancesText } from "@/components/shared/schedule-format";
import { Button, buttonVariants } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { planExportPaths, useDeletePlan, usePlanAction, useRetryPlan } from "@/lib/client/plans";
import { planActionLabels, planActionRefusal, type PlanActionKind, type PlanDetail } from "@/lib/schemas/plan";

interface PlanActionsProps {
  plan: PlanDetail;
  onError: (message: string | null) => void;
}


/** What deleting the plan removes in HBR, so the confirmation names it. */
function removedInHbr(plan: PlanDetail): string {
  const n = plan.instanceCount;
  const instances = instancesText(n);
  switch (plan.scheduleKind) {
    case "newPolicy":
      return `the backup policy ${plan.policyId ?? "created for this plan"} and its bindings to ${instances}`;
    case "existingPolicy":
      return `the bindings of ${instances} to the backup policy ${plan.policyId ?? ""} (the policy itself stays)`;
    case "plan":
      return `the ${n === 1 ? "backup plan" : `${n} backup plans`} of ${instances}`;
    case "manual":
      return `this one-off backup of ${instances}: backup jobs still running are cancelled`;
  }
}

/** What pausing does in HBR, for the confirmation. */
export function pauseEffect(instanceCount: number): string {
  return `Scheduled backups of ${instancesText(instanceCount)} stop until the plan is resumed. Backups already made are kept, and a paused plan does not count against its RPO.`;
}

/** Whether the page offers the action: the server's rule, except that an open action disables rather than hides it. */
export function canRunAction(plan: PlanDetail, kind: PlanActionKind): boolean {
  return planActionRefusal(kind, { ...plan, hasOpenAction: false }) === null;
}

/** Downloads anyone signed in may take: the plan as Terraform and its jobs as CSV. */
export function PlanExports({ plan }: { plan: PlanDetail }) {
  const paths = planExportPaths(plan.id);
  return (
    <>
      <a href={paths.terraform} download className={buttonVariants({ variant: "secondary" })}>
        <Download aria-hidden="true" />
        Export Terraform
      </a>
      <a href={paths.jobsCsv} download className={buttonVariants({ variant: "secondary" })}>
        <Download aria-hidden="true" />
        Export jobs (CSV)
      </a>
    </>
  );
}

export function PlanActions({ plan, onError }: PlanActionsProps) {
  const router = useRouter();
  const retry = useRetryPlan();
  const remove = useDeletePlan();
  const action = usePlanAction();
  const isActionOpen = plan.actions.some((a) => a.status === "pending" || a.status === "running");

  async function run(kind: PlanActionKind) {
    onError(null);
    try {
      await action.mutateAsync({ planId: plan.id, kind });
    } catch (err) {
      onError(`${planActionLabels[kind]} failed: ${errorMessageOf(err)}`);
    }
  }

  async function handleRetry() {
    onError(null);
    try {
      await retry.mutateAsync(plan.id);
    } catch (err) {
      onError(`Retry failed: ${errorMessageOf(err)}`);
    }
  }

  async function handleDelete() {
    onError(null);
    try {
      await remove.mutateAsync(plan.id);
      router.push(`/plans?${new URLSearchParams({ region: plan.regionId })}`);
    } catch (err) {
      onError(`Delete failed: ${errorMessageOf(err)}`);
    }
  }

  const pending = action.isPending ? action.variables?.kind : undefined;
  return (
    <>
      {canRunAction(plan, "runNow") ? (
        <Button variant="secondary" isLoading={pending === "runNow"} disabled={isActionOpen} onClick={() => run("runNow")}>
          <Zap aria-hidden="true" />
          {planActionLabels.runNow}
        </Button>
      ) : null}
      {canRunAction(plan, "pause") ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" disabled={isActionOpen}>
              <Pause aria-hidden="true" />
              {planActionLabels.pause}
            </Button>
          }
          title={`Pause ${plan.name}?`}
          description={pauseEffect(plan.instanceCount)}
          confirmLabel="Pause plan"
          isPending={pending === "pause"}
          onConfirm={() => run("pause")}
        />
      ) : null}
      {canRunAction(plan, "resume") ? (
        <Button variant="secondary" isLoading={pending === "resume"} disabled={isActionOpen} onClick={() => run("resume")}>
          <Play aria-hidden="true" />
          {planActionLabels.resume}
        </Button>
      ) : null}
      {plan.status === "failed" ? (
        <Button variant="secondary" isLoading={retry.isPending} onClick={handleRetry}>
          <RotateCcw aria-hidden="true" />
          Retry
        </Button>
      ) : null}
      {plan.status !== "deleting" ? (
        <ConfirmDialog
          trigger={
            <Button variant="destructive">
              <Trash2 aria-hidden="true" />
              Delete
            </Button>
          }
          title={`Delete ${plan.name}?`}
          description={`This removes ${removedInHbr(plan)} in HBR, then the plan itself. Backups already made are kept until their retention period ends.`}
          confirmLabel="Delete plan"
          variant="destructive"
          isPending={remove.isPending}
          onConfirm={handleDelete}
        />
      ) : null}
    </>
  );
}
