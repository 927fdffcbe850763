import { get, useFormState, type FieldErrors, type Path, type UseFormReturn } from "react-hook-form";
import type { CreatePlan, CreatePlanInput } from "@/lib/schemas/plan";
import type { WizardStepId } from "@/lib/schemas/labels";
import type { Instance } from "@/lib/schemas/inventory";

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
  review: ["name"],
};

const stepByRoot: Record<string, WizardStepId> = {
  regionId: "objects",
  backupObjects: "objects",
  backupMode: "mode",
  appConsistency: "consistency",
  replication: "replication",
  name: "review",
};

/** The step owning a dotted path such as "backupObjects.instances.0.diskIds". */
export function stepOfPath(path: string): WizardStepId {
  return stepByRoot[path.split(".")[0] ?? ""] ?? "review";
}

/** The message at a dotted path, including errors RHF keeps on an array's `root`. */
export function errorAt(errors: FieldErrors<CreatePlanInput>, path: string): string | undefined {
  const node = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  return node?.message ?? node?.root?.message;
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
  return useFormState({ control: form.control }).errors;
}
