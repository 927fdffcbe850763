"use client";
import { RotateCcw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useDeletePlan, useRetryPlan } from "@/lib/client/plans";
import type { PlanDetail } from "@/lib/schemas/plan";

interface PlanActionsProps {
  plan: PlanDetail;
  onError: (message: string | null) => void;
}

/** What deleting the plan removes in HBR, so the confirmation names it. */
function removedInHbr(plan: PlanDetail): string {
  const n = plan.instanceCount;
  const instances = `${n} ECS ${n === 1 ? "instance" : "instances"}`;
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

export function PlanActions({ plan, onError }: PlanActionsProps) {
  const router = useRouter();
  const retry = useRetryPlan();
  const remove = useDeletePlan();
  const [isConfirmOpen, setIsConfirmOpen] = useState(false);

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
      setIsConfirmOpen(false);
      router.push(`/plans?${new URLSearchParams({ region: plan.regionId })}`);
    } catch (err) {
      setIsConfirmOpen(false);
      onError(`Delete failed: ${errorMessageOf(err)}`);
    }
  }

  return (
    <>
      {plan.status === "failed" ? (
        <Button variant="secondary" isLoading={retry.isPending} onClick={handleRetry}>
          <RotateCcw aria-hidden="true" />
          Retry
        </Button>
      ) : null}
      {plan.status !== "deleting" ? (
        <AlertDialog open={isConfirmOpen} onOpenChange={setIsConfirmOpen}>
          <AlertDialogTrigger asChild>
            <Button variant="destructive">
              <Trash2 aria-hidden="true" />
              Delete
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogTitle>Delete {plan.name}?</AlertDialogTitle>
            <AlertDialogDescription>
              This removes {removedInHbr(plan)} in HBR, then the plan itself. Backups already made are kept until their
              retention period ends.
            </AlertDialogDescription>
            <AlertDialogFooter>
              <AlertDialogCancel asChild>
                <Button variant="secondary">Cancel</Button>
              </AlertDialogCancel>
              {/* Not AlertDialogAction: it would close the dialog before the request ends. */}
              <Button variant="destructive" isLoading={remove.isPending} onClick={handleDelete}>
                Delete plan
              </Button>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      ) : null}
    </>
  );
}
