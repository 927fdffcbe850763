"use client";
import { DescriptionItem } from "@/components/ui/description-item";
import type { ReactNode } from "react";
import { useWatch } from "react-hook-form";
import { formatInstant, formatInterval, formatRetention } from "@/components/shared/schedule-format";
import { errorAt } from "@/components/shared/form-errors";
import { usePlanErrors, type PlanForm, type PredictedConsistency, type SelectedInstances } from "@/components/plans/wizard/wizard-form";
import { Callout } from "@/components/ui/callout";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { Region } from "@/lib/schemas/regions";
import { labels, wizardSteps, type WizardStepId } from "@/lib/schemas/labels";
import { consistencyAckLabel, consistencyLabels, type BackupMode, type Retention } from "@/lib/schemas/plan";
import { errorMessageOf } from "@/lib/client/api-fetch";

interface ReviewStepProps {
  form: PlanForm;
  regionId: string;
  regions: readonly Region[];
  known: SelectedInstances;
  /** The live prediction for the instance of an application-consistent plan (shared with OK, which it can disable). */
  consistency: PredictedConsistency;
  onEdit: (step: WizardStepId) => void;
}

const stepLabel = (id: WizardStepId) => wizardSteps.find((s) => s.id === id)!.label;

function Section({ step, onEdit, children }: { step: WizardStepId; onEdit: (step: WizardStepId) => void; children: ReactNode }) {
  const label = stepLabel(step);
  return (
    <section aria-label={label} className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" data-testid={`review-${step}`}>
      <div className="flex items-center justify-between gap-3">
        <h3 className="text-base font-semibold text-slate-900">{label}</h3>
        <Button variant="ghost" size="sm" onClick={() => onEdit(step)}>
          Edit<span className="sr-only"> {label}</span>
        </Button>
      </div>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">{children}</dl>
    </section>
  );
}

const retentionText = (r: Retention | undefined) => (r && Number.isFinite(r.value) ? formatRetention(r) : "—");
const regionName = (regions: readonly Region[], id: string | undefined) => (id ? (regions.find((r) => r.regionId === id)?.localName ?? id) : "—");

function ModeItems({ mode }: { mode: BackupMode }) {
  if (mode.mode === "manual") {
    return (
      <>
        <DescriptionItem term={labels.backupMode}>{labels.manualBackup}</DescriptionItem>
        <DescriptionItem term={labels.retentionPeriod}>{retentionText(mode.retention)}</DescriptionItem>
      </>
    );
  }
  const s = mode.schedule;
  return (
    <>
      <DescriptionItem term={labels.backupMode}>{labels.autoBackup}</DescriptionItem>
      {s.kind === "existingPolicy" ? (
        <DescriptionItem term="Backup policy">Existing policy {s.policyId || "—"}</DescriptionItem>
      ) : (
        <>
          {s.kind === "newPolicy" ? <DescriptionItem term="Backup policy">New policy {s.policyName}</DescriptionItem> : <DescriptionItem term="Schedule">Backup plan per instance</DescriptionItem>}
          <DescriptionItem term={labels.startTime}>{s.startTime ? formatInstant(s.startTime) : "—"}</DescriptionItem>
          <DescriptionItem term={labels.backupInterval}>{formatInterval(s.interval)}</DescriptionItem>
          <DescriptionItem term={labels.retentionPeriod}>{retentionText(s.retention)}</DescriptionItem>
        </>
      )}
    </>
  );
}

/** The level each instance's backup is predicted to reach: the live checklist with Application Consistent Backup on, else crash. */
function PredictedItems({ instanceIds, known, consistency }: { instanceIds: string[]; known: SelectedInstances; consistency: PredictedConsistency }) {
  const nameOf = (id: string) => known.get(id)?.instanceName ?? id;
  if (!consistency.instanceId) {
    return (
      <DescriptionItem term="Predicted consistency">
        <ul className="grid gap-0.5" data-testid="review-predicted">
          {instanceIds.map((id) => (
            <li key={id}>
              {nameOf(id)}: {consistencyLabels.CRASH}
            </li>
          ))}
        </ul>
      </DescriptionItem>
    );
  }
  const { predicted, isPending, error } = consistency;
  return (
    <DescriptionItem term="Predicted consistency">
      <div data-testid="review-predicted" data-level={predicted?.level}>
        {nameOf(consistency.instanceId)}:{" "}
        {predicted ? (
          <>
            <span className="font-semibold">{consistencyLabels[predicted.level]}</span>
            <span className="block text-slate-600">{predicted.reason}</span>
          </>
        ) : isPending ? (
          "checking the prerequisites…"
        ) : (
          <>
            not known
            <span className="block text-slate-600">The checklist could not be read{error ? `: ${errorMessageOf(error)}` : ""}.</span>
          </>
        )}
      </div>
    </DescriptionItem>
  );
}

/** Application Consistent Backup that will not reach it: OK waits for the admin to say they know. */
function ConsistencyAck({ form, consistency }: { form: PlanForm; consistency: PredictedConsistency }) {
  const errors = usePlanErrors(form);
  const error = errorAt(errors, "acknowledgedConsistency");
  if (!consistency.isAckRequired && !error) return null;
  return (
    <Callout tone="warning" className="grid gap-2" data-testid="consistency-ack">
      <label className="flex items-start gap-2 font-medium">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-blue-700"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "consistency-ack-error" : undefined}
          {...form.register("acknowledgedConsistency")}
        />
        <span>{consistencyAckLabel(consistency.predicted?.level ?? null)}</span>
      </label>
      {error ? (
        <p id="consistency-ack-error" className="font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </Callout>
  );
}

export function ReviewStep({ form, regionId, regions, known, consistency, onEdit }: ReviewStepProps) {
  const values = useWatch({ control: form.control });
  const errors = usePlanErrors(form);
  const instances = values.backupObjects?.instances ?? [];
  const mode = values.backupMode as BackupMode;
  const app = values.appConsistency;
  const replication = values.replication;
  return (
    <div className="grid gap-4">
      <Section step="objects" onEdit={onEdit}>
        <DescriptionItem term="Region">{regionName(regions, regionId)}</DescriptionItem>
        <DescriptionItem term="ECS instances">
          {instances.length}
          <ul className="mt-1 grid gap-0.5">
            {instances.map((i) => {
              const instance = i.instanceId ? known.get(i.instanceId) : undefined;
              return (
                <li key={i.instanceId}>
                  {instance?.instanceName ?? i.instanceId}:{" "}
                  {i.protectAllDisks ? labels.protectAllDisks : `disks ${(i.diskIds ?? []).join(", ")}`}
                  {instance ? ` · ${instance.snapshotGroupSupported ? "snapshot-consistent group" : "crash consistency of disks"}` : null}
                </li>
              );
            })}
          </ul>
        </DescriptionItem>
      </Section>
      <Section step="mode" onEdit={onEdit}>
        <ModeItems mode={mode} />
      </Section>
      <Section step="consistency" onEdit={onEdit}>
        <DescriptionItem term={labels.appConsistentBackup}>
          {app?.enabled ? `On · file-system freeze ${app.enableFsFreeze ? "on" : "off"}, timeout ${app.freezeTimeoutSeconds} s` : "Off"}
        </DescriptionItem>
        <PredictedItems instanceIds={instances.map((i) => i.instanceId ?? "")} known={known} consistency={consistency} />
      </Section>
      <Section step="replication" onEdit={onEdit}>
        <DescriptionItem term={labels.replication}>{replication?.enabled ? "On" : "Off"}</DescriptionItem>
        {replication?.enabled ? (
          <>
            <DescriptionItem term={labels.destinationRegion}>{regionName(regions, replication.destinationRegionId)}</DescriptionItem>
            <DescriptionItem term={labels.retentionPeriod}>{retentionText(replication.retention as Retention | undefined)}</DescriptionItem>
          </>
        ) : null}
      </Section>
      <ConsistencyAck form={form} consistency={consistency} />
      <FormField label="Plan name" hint="Unique in this region." error={errorAt(errors, "name")}>
        {(control) => <Input {...control} className="max-w-md" autoComplete="off" {...form.register("name")} />}
      </FormField>
    </div>
  );
}
