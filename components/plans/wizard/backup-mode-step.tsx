"use client";
import { LoadError } from "@/components/layout/load-states";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useWatch } from "react-hook-form";
import { defaultStartTime } from "@/components/shared/schedule-format";
import { usePlanErrors, type PlanForm } from "@/components/plans/wizard/wizard-form";
import { errorAt } from "@/components/shared/form-errors";
import { RetentionField, ScheduleFields } from "@/components/shared/schedule-fields";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { policiesQuery } from "@/lib/client/policies";
import { labels } from "@/lib/schemas/labels";
import type { AutoSchedule, BackupMode, Retention } from "@/lib/schemas/plan";
import { cn } from "@/lib/utils";

const DEFAULT_RETENTION: Retention = { value: 7, unit: "days" };

interface BackupModeStepProps {
  form: PlanForm;
  regionId: string;
  isPolicyRegion: boolean;
}

/** A fresh schedule of the kind the region uses, carrying over the retention already entered. */
function defaultSchedule(isPolicyRegion: boolean, retention: Retention, planName: string): AutoSchedule {
  const common = { startTime: defaultStartTime(), interval: { value: 1, unit: "days" as const }, retention };
  return isPolicyRegion ? { kind: "newPolicy", policyName: `${planName}-policy`.slice(0, 64), ...common } : { kind: "plan", ...common };
}

function RadioOption({ name, value, checked, onSelect, label, description }: {
  name: string;
  value: string;
  checked: boolean;
  onSelect: () => void;
  label: string;
  description: string;
}) {
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-lg border bg-white p-4 has-focus-visible:outline-2 has-focus-visible:outline-blue-700",
        checked ? "border-blue-700 bg-blue-50" : "border-slate-300",
      )}
    >
      <input type="radio" name={name} value={value} checked={checked} onChange={onSelect} className="mt-0.5 size-4 accent-blue-700" />
      <span className="grid gap-0.5">
        <span className="text-sm font-medium text-slate-900">{label}</span>
        <span className="text-sm text-slate-600">{description}</span>
      </span>
    </label>
  );
}

export function BackupModeStep({ form, regionId, isPolicyRegion }: BackupModeStepProps) {
  const backupMode = useWatch({ control: form.control, name: "backupMode" }) as BackupMode;
  const set = (next: BackupMode) => form.setValue("backupMode", next, { shouldDirty: true });
  const currentRetention = (mode: BackupMode): Retention =>
    mode.mode === "manual" ? mode.retention : "retention" in mode.schedule ? mode.schedule.retention : DEFAULT_RETENTION;

  function chooseMode(mode: "manual" | "auto") {
    if (mode === backupMode.mode) return;
    const retention = currentRetention(backupMode);
    form.clearErrors("backupMode");
    set(mode === "manual" ? { mode, retention } : { mode, schedule: defaultSchedule(isPolicyRegion, retention, form.getValues("name")) });
  }

  return (
    <div className="grid gap-5">
      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium text-slate-900">{labels.backupMode}</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <RadioOption
            name="backup-mode"
            value="manual"
            checked={backupMode.mode === "manual"}
            onSelect={() => chooseMode("manual")}
            label={labels.manualBackup}
            description="One backup of the selected instances now."
          />
          <RadioOption
            name="backup-mode"
            value="auto"
            checked={backupMode.mode === "auto"}
            onSelect={() => chooseMode("auto")}
            label={labels.autoBackup}
            description={isPolicyRegion ? "Back up on a schedule from a backup policy." : "Back up on a schedule from a backup plan."}
          />
        </div>
      </fieldset>

      {backupMode.mode === "manual" ? (
        <RetentionField form={form} path="backupMode.retention" hint="How long the backup is kept." />
      ) : isPolicyRegion ? (
        <PolicySchedule form={form} regionId={regionId} schedule={backupMode.schedule} onChange={(schedule) => set({ mode: "auto", schedule })} />
      ) : (
        <PlanSchedule form={form} />
      )}
    </div>
  );
}

function PolicySchedule({ form, regionId, schedule, onChange }: {
  form: PlanForm;
  regionId: string;
  schedule: AutoSchedule;
  onChange: (schedule: AutoSchedule) => void;
}) {
  const { data, error, isPending, isError, refetch, isRefetching } = useQuery(policiesQuery(regionId));
  const errors = usePlanErrors(form);
  const policies = data?.policies ?? [];

  function chooseKind(kind: "existingPolicy" | "newPolicy") {
    if (kind === schedule.kind) return;
    form.clearErrors("backupMode.schedule");
    onChange(
      kind === "existingPolicy"
        ? { kind, policyId: "" }
        : defaultSchedule(true, DEFAULT_RETENTION, form.getValues("name")),
    );
  }

  return (
    <div className="grid gap-4">
      <p className="text-sm text-slate-700">
        This region supports backup policies: the instances are bound to a policy and HBR backs them up on its schedule.
        Manage policies in{" "}
        <Link href={`/policies?${new URLSearchParams({ region: regionId })}`} className="font-medium text-blue-800 underline underline-offset-4">
          {labels.policyCenter}
        </Link>
        .
      </p>
      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium text-slate-900">Backup policy</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <RadioOption
            name="policy-kind"
            value="newPolicy"
            checked={schedule.kind === "newPolicy"}
            onSelect={() => chooseKind("newPolicy")}
            label="Create a new backup policy"
            description="Name, start time, interval and retention."
          />
          <RadioOption
            name="policy-kind"
            value="existingPolicy"
            checked={schedule.kind === "existingPolicy"}
            onSelect={() => chooseKind("existingPolicy")}
            label="Use an existing backup policy"
            description="Bind the instances to a policy from HBR."
          />
        </div>
      </fieldset>

      {schedule.kind === "existingPolicy" ? (
        isError ? (
          <LoadError what="Backup policies" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />
        ) : isPending ? (
          <Skeleton className="h-9 max-w-md" />
        ) : (
          <FormField
            label="Backup policy"
            hint={policies.length === 0 ? "There are no backup policies in this region yet: create a new one." : undefined}
            error={errorAt(errors, "backupMode.schedule.policyId")}
          >
            {(control) => (
              <Select {...control} className="max-w-xl" {...form.register("backupMode.schedule.policyId")}>
                <option value="">Choose a backup policy</option>
                {policies.map((p) => (
                  <option key={p.policyId} value={p.policyId}>
                    {p.policyName} — {p.scheduleText} ({p.bindingCount} {p.bindingCount === 1 ? "instance" : "instances"} bound)
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        )
      ) : (
        <div className="grid gap-4">
          <FormField label="Policy name" error={errorAt(errors, "backupMode.schedule.policyName")}>
            {(control) => <Input {...control} className="max-w-md" autoComplete="off" {...form.register("backupMode.schedule.policyName")} />}
          </FormField>
          <ScheduleFields form={form} prefix="backupMode.schedule" headingId="next-runs-heading" withWarnings />
        </div>
      )}
    </div>
  );
}

function PlanSchedule({ form }: { form: PlanForm }) {
  return (
    <div className="grid gap-4">
      <p className="text-sm text-slate-700">
        This region does not support backup policies: HBR gets a backup plan per instance with this schedule.
      </p>
      <ScheduleFields form={form} prefix="backupMode.schedule" headingId="next-runs-heading" withWarnings />
    </div>
  );
}
