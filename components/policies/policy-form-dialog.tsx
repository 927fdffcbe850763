"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useForm } from "react-hook-form";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { defaultStartTime, formatRetention } from "@/components/shared/schedule-format";
import { PolicyNameField, ReplicationFields, ScheduleFields, type PolicyFormApi } from "@/components/policies/policy-fields";
import { formatPolicySchedule, formatRetentionDays } from "@/components/policies/policy-format";
import { policyQuery, useCreatePolicy, useUpdatePolicy } from "@/lib/client/policies";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { DescriptionItem } from "@/components/ui/description-item";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { StatusMessage } from "@/components/ui/status-message";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import type { Region } from "@/lib/schemas/regions";
import { labels } from "@/lib/schemas/labels";
import { hbrSchedule, parseHbrSchedule, retentionDays } from "@/lib/schemas/plan";
import {
  affectedInstancesText,
  BOUND_INSTANCES_FIELD,
  boundInstanceLabel,
  policyFormSchema,
  policyFormValuesOf,
  type BoundInstance,
  type PolicyDetail,
  type PolicyForm,
  type PolicyFormInput,
} from "@/lib/schemas/policy";
import { regionNameOf } from "@/lib/schemas/region-names";

interface PolicyFormDialogProps {
  regionId: string;
  regions: readonly Region[];
  /** The policy to edit; without it the dialog creates one. */
  policy?: { policyId: string; policyName: string };
  onDone: (message: string) => void;
}

/** Create policy (admins), or Edit policy with the same form prefilled and a confirmation naming every instance the change affects. */
export function PolicyFormDialog({ regionId, regions, policy, onDone }: PolicyFormDialogProps) {
  const [isOpen, setIsOpen] = useState(false);
  const done = (message: string) => {
    setIsOpen(false);
    onDone(message);
  };
  return (
    <Dialog open={isOpen} onOpenChange={setIsOpen}>
      <DialogTrigger asChild>
        {policy ? (
          <Button variant="secondary" size="sm" aria-label={`Edit ${policy.policyName}`}>
            <Pencil aria-hidden="true" />
            Edit
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden="true" />
            Create policy
          </Button>
        )}
      </DialogTrigger>
      {/* The content unmounts on close, so every opening starts from HBR's current state. */}
      <DialogContent className="max-w-2xl">
        {policy ? (
          <EditPolicy regionId={regionId} regions={regions} policyId={policy.policyId} policyName={policy.policyName} onDone={done} />
        ) : (
          <PolicyFormBody regionId={regionId} regions={regions} defaultValues={newPolicyValues()} onDone={done} />
        )}
      </DialogContent>
    </Dialog>
  );
}

const newPolicyValues = (): PolicyFormInput => ({
  policyName: "",
  startTime: defaultStartTime(),
  interval: { value: 1, unit: "days" },
  retention: { value: 7, unit: "days" },
  replication: { enabled: false },
});

function EditPolicy({ regionId, regions, policyId, policyName, onDone }: { regionId: string; regions: readonly Region[]; policyId: string; policyName: string; onDone: (message: string) => void }) {
  // Read again on opening: the form must start from the policy as HBR has it now, not from a cached copy.
  const detail = useQuery({ ...policyQuery(regionId, policyId), refetchOnMount: "always" });
  if (detail.isFetchedAfterMount && detail.data) {
    return <PolicyFormBody regionId={regionId} regions={regions} policy={detail.data} defaultValues={policyFormValuesOf(detail.data, defaultStartTime())} onDone={onDone} />;
  }
  return (
    <>
      <DialogHeader>
        <DialogTitle>Edit {policyName}</DialogTitle>
        <DialogDescription>Reading the policy and its bound instances from HBR…</DialogDescription>
      </DialogHeader>
      {detail.isError ? (
        <LoadError what="The backup policy" error={detail.error} isRetrying={detail.isRefetching} onRetry={() => detail.refetch()} />
      ) : (
        <LoadingRows label="Loading the backup policy…" rows={4} />
      )}
    </>
  );
}

type Step = { kind: "form" } | { kind: "confirm"; values: PolicyForm; instances: BoundInstance[] };

interface PolicyFormBodyProps {
  regionId: string;
  regions: readonly Region[];
  /** Edit mode: the policy as read on opening. */
  policy?: PolicyDetail;
  defaultValues: PolicyFormInput;
  onDone: (message: string) => void;
}

function PolicyFormBody({ regionId, regions, policy, defaultValues, onDone }: PolicyFormBodyProps) {
  const queryClient = useQueryClient();
  const form: PolicyFormApi = useForm<PolicyFormInput, unknown, PolicyForm>({ resolver: zodResolver(policyFormSchema), defaultValues });
  const createPolicy = useCreatePolicy(regionId);
  const updatePolicy = useUpdatePolicy(regionId);
  const [step, setStep] = useState<Step>({ kind: "form" });
  const [message, setMessage] = useState<string | null>(null);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const isConfirming = step.kind === "confirm";

  useEffect(() => {
    if (isConfirming) confirmRef.current?.focus();
  }, [isConfirming]);

  const freshBindings = async (policyId: string) => (await queryClient.fetchQuery({ ...policyQuery(regionId, policyId), staleTime: 0 })).boundInstances;

  /** Back on the form with the server's answer on its fields (or as a message when it belongs to none). */
  function showOnForm(err: unknown) {
    flushSync(() => setStep({ kind: "form" }));
    if (!applyFieldErrors(form, err)) setMessage(errorMessageOf(err));
  }

  async function save(values: PolicyForm, instances: BoundInstance[]) {
    if (!policy) return;
    setMessage(null);
    try {
      const result = await updatePolicy.mutateAsync({ policyId: policy.policyId, input: { ...values, acknowledgedInstanceIds: instances.map((i) => i.instanceId) } });
      const n = result.affectedInstances.length;
      onDone(`Saved ${result.policy.policyName}: ${n === 0 ? "no instance is bound to it." : `${affectedInstancesText(n)}.`}`);
    } catch (err) {
      // Someone bound or unbound instances meanwhile: show the new list and ask again.
      if (err instanceof ApiClientError && err.code === "CONFLICT" && BOUND_INSTANCES_FIELD in err.fieldErrors) {
        try {
          setStep({ kind: "confirm", values, instances: await freshBindings(policy.policyId) });
          setMessage(err.message);
        } catch (readErr) {
          showOnForm(readErr);
        }
        return;
      }
      showOnForm(err);
    }
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(null);
    try {
      if (!policy) {
        const created = await createPolicy.mutateAsync(values);
        onDone(`Created backup policy ${created.policyName} (${created.policyId}).`);
        return;
      }
      const instances = await freshBindings(policy.policyId);
      if (instances.length === 0) return await save(values, instances);
      setStep({ kind: "confirm", values, instances });
    } catch (err) {
      showOnForm(err);
    }
  });

  const isBusy = form.formState.isSubmitting || updatePolicy.isPending;
  const name = policy?.policyName;
  return (
    <>
      <DialogHeader>
        <DialogTitle>{isConfirming ? `Save changes to ${name}?` : policy ? `Edit ${name}` : "Create backup policy"}</DialogTitle>
        <DialogDescription>
          {isConfirming
            ? "HBR applies the new rules to every instance bound to the policy at once."
            : policy
              ? `${policy.policyId} in ${regionNameOf(regionId)}. Every instance bound to it follows the new rules.`
              : `A backup policy in ${regionNameOf(regionId)}: bind ECS instances to it with ${labels.addEcsBackup} → Use an existing backup policy.`}
        </DialogDescription>
      </DialogHeader>

      <form onSubmit={onSubmit} noValidate className="grid gap-5" hidden={isConfirming}>
        <StatusMessage message={isConfirming ? null : message} testId="policy-form-error" />
        {policy?.schedule && !parseHbrSchedule(policy.schedule) ? (
          <Callout tone="warning">
            The policy&apos;s current schedule ({policy.scheduleText}) is not a {labels.startTime} + {labels.backupInterval} schedule: saving replaces it with the one below.
          </Callout>
        ) : null}
        <fieldset disabled={isBusy} className="grid gap-5">
          <PolicyNameField form={form} />
          <ScheduleFields form={form} />
          <ReplicationFields form={form} regionId={regionId} regions={regions} />
        </fieldset>
        <DialogFooter>
          <Button type="submit" isLoading={isBusy}>
            {policy ? "Save" : "Create"}
          </Button>
        </DialogFooter>
      </form>

      {step.kind === "confirm" && policy ? (
        <div className="grid gap-4" data-testid="policy-edit-confirmation">
          <p ref={confirmRef} tabIndex={-1} className="font-medium text-slate-900 focus:outline-none">
            {affectedInstancesText(step.instances.length)}:
          </p>
          <ul aria-label="Affected instances" className="grid max-h-56 gap-1 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
            {step.instances.map((i) => (
              <li key={i.instanceId} className="flex flex-wrap items-center gap-2">
                {boundInstanceLabel(i)}
                {i.disabled ? <Badge tone="warning">Paused</Badge> : null}
              </li>
            ))}
          </ul>
          <ChangeSummary policy={policy} values={step.values} />
          {policy.planId ? (
            <Callout tone="info">
              The protection plan {policy.planId} created this policy: it takes the new schedule, retention and replication, and its RPO follows the new
              {" "}{labels.backupInterval}.
            </Callout>
          ) : null}
          <StatusMessage message={message} testId="policy-confirm-error" />
          <DialogFooter>
            <Button variant="secondary" disabled={isBusy} onClick={() => setStep({ kind: "form" })}>
              Back
            </Button>
            <Button isLoading={isBusy} onClick={() => void save(step.values, step.instances)}>
              Save policy
            </Button>
          </DialogFooter>
        </div>
      ) : null}
    </>
  );
}

const same = (before: string, after: string): [string, string, boolean] => [before, after, before === after];
const replicationKey = (regionId: string | null | undefined, days: number | null) => (regionId ? `${regionId} ${days}` : "off");

/** What the edit changes, old → new, in the words of the table; the new retention in the unit just entered. */
function ChangeSummary({ policy, values }: { policy: PolicyDetail; values: PolicyForm }) {
  const destination = values.replication.enabled ? values.replication.destinationRegionId : undefined;
  const replicationText = (regionId: string | null | undefined, retention: string) => (regionId ? `${regionNameOf(regionId)}, keep ${retention}` : "Off");
  const newReplicationRetention = values.replication.retention ?? null;
  // [term, before, after, unchanged]: unchanged compares days, since HBR gives the old retention in days only.
  const rows: [string, string, string, boolean][] = [
    ["Schedule", ...same(formatPolicySchedule(policy.schedule, policy.scheduleText), formatPolicySchedule(hbrSchedule(values.startTime, values.interval), ""))],
    [
      labels.retentionPeriod,
      formatRetentionDays(policy.retentionDays),
      formatRetention(values.retention),
      policy.retentionDays === retentionDays(values.retention),
    ],
    [
      labels.replication,
      replicationText(policy.replicationRegionId, formatRetentionDays(policy.replicationRetentionDays)),
      replicationText(destination, newReplicationRetention ? formatRetention(newReplicationRetention) : formatRetentionDays(null)),
      replicationKey(policy.replicationRegionId, policy.replicationRetentionDays) ===
        replicationKey(destination, newReplicationRetention ? retentionDays(newReplicationRetention) : null),
    ],
  ];
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]" data-testid="policy-change-summary">
      {rows.map(([term, before, after, isUnchanged]) => (
        <DescriptionItem key={term} term={term}>
          {isUnchanged ? before : `${before} → ${after}`}
        </DescriptionItem>
      ))}
    </dl>
  );
}
