"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useForm, useWatch, type FieldErrors } from "react-hook-form";
import { AppConsistencyStep } from "@/components/plans/wizard/app-consistency-step";
import { BackupModeStep } from "@/components/plans/wizard/backup-mode-step";
import { BackupObjectsStep } from "@/components/plans/wizard/backup-objects-step";
import { ReviewStep } from "@/components/plans/wizard/review-step";
import { PreselectionNote, usePreselection } from "@/components/plans/wizard/use-preselection";
import { useLeaveGuard } from "@/components/plans/wizard/use-leave-guard";
import { WizardStepper } from "@/components/plans/wizard/wizard-stepper";
import { firstErrorStep, stepOfPath, triggerPathsOf, usePredictedConsistency, type PlanPath } from "@/components/plans/wizard/wizard-form";
import { ReplicationSettings } from "@/components/shared/replication-settings";
import { Button, buttonVariants } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusMessage } from "@/components/ui/status-message";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import { regionsQuery } from "@/lib/client/regions";
import { useCreatePlan } from "@/lib/client/plans";
import type { Instance } from "@/lib/schemas/instances";
import { wizardSteps, type WizardStepId } from "@/lib/schemas/labels";
import { createPlanSchema, defaultPlanInput, type CreatePlan, type CreatePlanInput } from "@/lib/schemas/plan";

const order = wizardSteps.map((s) => s.id);

/** Create ECS Protection Plan: five steps over one form; each step validates its own part before Next. */
export function PlanWizard({ regionId, preselected = [] }: { regionId: string; /** Instances to start with (Coverage's Protect). */ preselected?: readonly string[] }) {
  const router = useRouter();
  const [defaults] = useState(() => defaultPlanInput(regionId));
  const form = useForm<CreatePlanInput, unknown, CreatePlan>({ resolver: zodResolver(createPlanSchema), defaultValues: defaults });
  const [step, setStep] = useState<WizardStepId>("objects");
  const [known, setKnown] = useState<Map<string, Instance>>(() => new Map());
  const [formError, setFormError] = useState<string | null>(null);
  const [isLeaving, setIsLeaving] = useState(false);
  // One key per plan being created: a double click or a retry after a lost answer returns the same plan.
  const idempotencyKey = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const hasMoved = useRef(false);
  const createPlan = useCreatePlan();
  const regions = useQuery(regionsQuery());
  const { isDirty, isSubmitting } = form.formState;
  const instanceCount = useWatch({ control: form.control, name: "backupObjects.instances" }).length;
  const isAppConsistent = useWatch({ control: form.control, name: "appConsistency.enabled" });
  const consistency = usePredictedConsistency(form, regionId);
  const isAcknowledged = useWatch({ control: form.control, name: "acknowledgedConsistency" }) ?? false;
  const isOkBlocked = consistency.isAckRequired && !isAcknowledged;

  const preselection = usePreselection(
    form,
    regionId,
    preselected,
    regions.data ? (regions.data.regions.find((r) => r.regionId === regionId)?.policySupported ?? false) : null,
    remember,
  );

  useLeaveGuard(isDirty && !isLeaving);

  // Application Consistent Backup is for exactly one instance: changing the selection turns it off.
  useEffect(() => {
    if (isAppConsistent && instanceCount !== 1) form.setValue("appConsistency.enabled", false, { shouldDirty: true });
  }, [form, instanceCount, isAppConsistent]);

  useEffect(() => {
    if (hasMoved.current) headingRef.current?.focus();
  }, [step]);

  const region = regions.data?.regions.find((r) => r.regionId === regionId);
  const index = order.indexOf(step);

  function goTo(next: WizardStepId) {
    hasMoved.current = true;
    setStep(next);
  }

  async function goNext() {
    const isValid = await form.trigger(triggerPathsOf(step, form.getValues()), { shouldFocus: true });
    if (isValid) goTo(order[index + 1]!);
  }

  function remember(instance: Instance) {
    setKnown((prev) => (prev.has(instance.instanceId) ? prev : new Map(prev).set(instance.instanceId, instance)));
  }

  async function onValid(values: CreatePlan) {
    setFormError(null);
    idempotencyKey.current ??= crypto.randomUUID();
    try {
      const plan = await createPlan.mutateAsync({ input: values, idempotencyKey: idempotencyKey.current });
      setIsLeaving(true);
      router.push(`/plans/${encodeURIComponent(plan.id)}?${new URLSearchParams({ region: regionId })}`);
    } catch (err) {
      // A 4xx means no plan was made: the corrected plan is a new request with a new key.
      if (err instanceof ApiClientError && err.status >= 400 && err.status < 500) idempotencyKey.current = null;
      const firstPath = err instanceof ApiClientError ? Object.keys(err.fieldErrors)[0] : undefined;
      // The server's live prediction differs from the one shown: read the checklist again.
      if (firstPath === "acknowledgedConsistency") consistency.recheck();
      if (applyFieldErrors(form, err) && firstPath) {
        goTo(stepOfPath(firstPath));
        requestAnimationFrame(() => form.setFocus(firstPath as PlanPath));
        return;
      }
      const requestId = err instanceof ApiClientError && err.requestId ? ` (RequestId ${err.requestId})` : "";
      setFormError(`The plan could not be created: ${errorMessageOf(err)}${requestId}`);
    }
  }

  function onInvalid(errors: FieldErrors<CreatePlanInput>) {
    const owning = firstErrorStep(errors, order);
    if (owning && owning !== step) goTo(owning);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    // Enter in a field of steps 1–4 must not submit the whole plan.
    if (step !== "review" || isOkBlocked) {
      e.preventDefault();
      return;
    }
    void form.handleSubmit(onValid, onInvalid)(e);
  }

  if (regions.isError) {
    return (
      <Callout tone="danger" className="grid gap-3">
        <p>
          <span className="font-medium">Regions could not be loaded.</span> {errorMessageOf(regions.error)}
        </p>
        <TryAgain isLoading={regions.isRefetching} onClick={() => regions.refetch()} />
      </Callout>
    );
  }
  if (regions.isPending) {
    return (
      <div aria-busy="true" className="grid gap-3">
        <p role="status" className="sr-only">
          Loading…
        </p>
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }

  if (region?.policySupported === null) {
    return (
      <Callout tone="warning" className="grid gap-3" data-testid="policy-support-unknown">
        <p>
          <span className="font-medium">Policy support unknown in {region.localName}.</span> HBR did not say just now whether this region
          uses backup policies, and the wizard needs it to offer the right backup mode.
        </p>
        <TryAgain isLoading={regions.isRefetching} onClick={() => regions.refetch()} />
      </Callout>
    );
  }

  const allRegions = regions.data.regions;
  const isPolicyRegion = region?.policySupported ?? false;
  const stepLabel = wizardSteps[index]!.label;
  const cancelHref = `/plans?${new URLSearchParams({ region: regionId })}`;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create ECS Protection Plan" className="grid gap-4">
      <WizardStepper current={step} />
      <StatusMessage message={formError} testId="plan-wizard-error" />
      <fieldset disabled={isSubmitting} className="grid min-w-0 gap-5">
        <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          Step {index + 1} of {order.length}: {stepLabel}
        </h2>
        {step === "objects" ? <PreselectionNote preselection={preselection} regionId={regionId} /> : null}
        {step === "objects" ? (
          <BackupObjectsStep form={form} regionId={regionId} isPolicyRegion={isPolicyRegion} known={known} onKnown={remember} />
        ) : step === "mode" ? (
          <BackupModeStep form={form} regionId={regionId} isPolicyRegion={isPolicyRegion} />
        ) : step === "consistency" ? (
          <AppConsistencyStep form={form} regionId={regionId} region={region} known={known} />
        ) : step === "replication" ? (
          <ReplicationSettings form={form} regionId={regionId} regions={allRegions} />
        ) : (
          <ReviewStep form={form} regionId={regionId} regions={allRegions} known={known} consistency={consistency} onEdit={goTo} />
        )}
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
          <Link href={cancelHref} className={buttonVariants({ variant: "ghost" })}>
            Cancel
          </Link>
          <div className="flex gap-2">
            {index > 0 ? (
              <Button variant="secondary" onClick={() => goTo(order[index - 1]!)}>
                Previous
              </Button>
            ) : null}
            {/* Keys: Next must not turn into OK under a second click and submit the plan. */}
            {step === "review" ? (
              <Button key="ok" type="submit" isLoading={isSubmitting} disabled={isOkBlocked}>
                OK
              </Button>
            ) : (
              <Button key="next" onClick={() => void goNext()}>
                Next
              </Button>
            )}
          </div>
        </div>
      </fieldset>
    </form>
  );
}

function TryAgain({ isLoading, onClick }: { isLoading: boolean; onClick: () => void }) {
  return (
    <div>
      <Button variant="secondary" isLoading={isLoading} onClick={onClick}>
        Try again
      </Button>
    </div>
  );
}
