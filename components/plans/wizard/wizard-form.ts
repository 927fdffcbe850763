import { useQuery } from "@tanstack/react-query";
import { get, useWatch, type FieldErrors, type Path, type UseFormReturn } from "react-hook-form";
import { useFormErrors } from "@/components/shared/form-errors";
import { prerequisitesQuery } from "@/lib/client/instances";
import { consistencyAckRequired, type ConsistencyLevel, type CreatePlan, type CreatePlanInput } from "@/lib/schemas/plan";
import type { WizardStepId } from "@/lib/schemas/labels";
import type { Instance } from "@/lib/schemas/instances";

/** The one form behind all five steps. */
export type PlanForm = UseFormReturn<CreatePlanInput, unknown, CreatePlan>;
export type PlanPath = Path<CreatePlanInput>;

/** Instances picked in step 1, by id: the table shows one page, later steps need names, OS and disks. */
export type SelectedInstances = ReadonlyMap<string, Instance>;

/** The part of the plan each step owns: validated before Next, and where a server error sends the user. */
export const stepPaths: Record<WizardStepId, PlanPath[]> = {
  objects: ["backupObjects"],
  mode: ["backupMode"],
  consistency: ["appConsistency"],
  replication: ["replication"],
  review: ["name", "acknowledgedConsistency"],
};

const stepByRoot: Record<string, WizardStepId> = {
  regionId: "objects",
  backupObjects: "objects",
  backupMode: "mode",
  appConsistency: "consistency",
  replication: "replication",
  name: "review",
  acknowledgedConsistency: "review",
};

/** The step owning a dotted path such as "backupObjects.instances.0.diskIds". */
export function stepOfPath(path: string): WizardStepId {
  return stepByRoot[path.split(".")[0] ?? ""] ?? "review";
}

/**
 * The paths `trigger` validates before Next. RHF keeps a resolver error only at a path that carries a message or
 * has registered inputs below it; step 1 sets its values without inputs, so it names each leaf that can fail.
 */
export function triggerPathsOf(step: WizardStepId, values: CreatePlanInput): PlanPath[] {
  if (step !== "objects") return stepPaths[step];
  return ["backupObjects.instances", ...values.backupObjects.instances.map((_, i) => `backupObjects.instances.${i}.diskIds` as const)];
}

/** The first path with an error, in step order, so the wizard can open the step that owns it. */
export function firstErrorStep(errors: FieldErrors<CreatePlanInput>, order: readonly WizardStepId[]): WizardStepId | null {
  return order.find((step) => stepPaths[step].some((p) => get(errors, p) !== undefined)) ?? null;
}

/** The form's errors, subscribed in the component that shows them (formState read through props does not re-render). */
export function usePlanErrors(form: PlanForm): FieldErrors<CreatePlanInput> {
  return useFormErrors(form.control);
}

export interface PredictedConsistency {
  /** The one instance backed up with Application Consistent Backup on, or null when it is off. */
  instanceId: string | null;
  predicted: { level: ConsistencyLevel; reason: string } | null;
  isPending: boolean;
  error: unknown;
  /** OK needs the acknowledgement: the prediction is below APPLICATION or not known. */
  isAckRequired: boolean;
  recheck: () => void;
}

/** The live checklist's prediction for the plan's instance (the query step 3 shows), and whether OK needs an acknowledgement. */
export function usePredictedConsistency(form: PlanForm, regionId: string): PredictedConsistency {
  const instances = useWatch({ control: form.control, name: "backupObjects.instances" });
  const isEnabled = useWatch({ control: form.control, name: "appConsistency.enabled" });
  const instanceId = isEnabled && instances.length === 1 ? instances[0]!.instanceId : null;
  const query = useQuery({ ...prerequisitesQuery(regionId, instanceId ?? ""), enabled: instanceId !== null });
  const predicted = instanceId ? (query.data?.predicted ?? null) : null;
  return {
    instanceId,
    predicted,
    isPending: instanceId !== null && query.isPending,
    error: instanceId ? query.error : null,
    isAckRequired: consistencyAckRequired(instanceId !== null, predicted?.level ?? null),
    recheck: () => void query.refetch(),
  };
}
