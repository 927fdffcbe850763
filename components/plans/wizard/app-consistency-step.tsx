"use client";
import Link from "next/link";
import { useId } from "react";
import { useWatch } from "react-hook-form";
import { errorAt } from "@/components/shared/form-errors";
import { usePlanErrors, type PlanForm, type SelectedInstances } from "@/components/plans/wizard/wizard-form";
import { instancePageHref } from "@/components/instances/instance-href";
import { PrerequisiteChecklist } from "@/components/instances/prerequisite-checklist";
import { Callout } from "@/components/ui/callout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { Instance } from "@/lib/schemas/instances";
import type { Region } from "@/lib/schemas/regions";
import { labels } from "@/lib/schemas/labels";
import {
  APP_SNAPSHOT_POLICY,
  APP_SNAPSHOT_ROLE,
  appConsistencySingleInstanceMessage,
  DEFAULT_FREEZE_TIMEOUT_S,
  MAX_FREEZE_TIMEOUT_S,
  POST_SCRIPT_PATH,
  PRE_SCRIPT_PATH,
  SCRIPT_MODE,
} from "@/lib/schemas/plan";

interface AppConsistencyStepProps {
  form: PlanForm;
  regionId: string;
  region: Region | undefined;
  known: SelectedInstances;
}

export function AppConsistencyStep({ form, regionId, region, known }: AppConsistencyStepProps) {
  const reasonId = useId();
  const errors = usePlanErrors(form);
  const switchId = useId();
  const instances = useWatch({ control: form.control, name: "backupObjects.instances" });
  const isEnabled = useWatch({ control: form.control, name: "appConsistency.enabled" });
  const isRegionSupported = region?.appConsistentSupported ?? false;
  const isSingle = instances.length === 1;
  const instance = isSingle ? known.get(instances[0]!.instanceId) : undefined;
  const reason = !isRegionSupported
    ? `${region?.localName ?? regionId} does not support ${labels.appConsistentBackup}; HBR offers it in Singapore and China (Hong Kong).`
    : !isSingle
      ? appConsistencySingleInstanceMessage
      : null;
  const switchError = errorAt(errors, "appConsistency.enabled");

  return (
    <div className="grid gap-5">
      <p className="text-sm text-slate-700">
        Application-consistent backups capture in-memory data and in-progress transactions, so applications start in a
        consistent state after a restore. Without it, HBR makes crash-consistent backups.
      </p>
      <div className="grid gap-2">
        <div className="flex items-center gap-3">
          <Switch
            id={switchId}
            aria-label={labels.appConsistentBackup}
            aria-describedby={[reason ? reasonId : null, switchError ? `${reasonId}-error` : null].filter(Boolean).join(" ") || undefined}
            aria-invalid={switchError ? true : undefined}
            checked={isEnabled}
            disabled={reason !== null}
            onCheckedChange={(on) => form.setValue("appConsistency.enabled", on, { shouldDirty: true, shouldValidate: true })}
          />
          <label htmlFor={switchId} aria-hidden="true" className="text-sm font-medium text-slate-900">
            {labels.appConsistentBackup}
          </label>
        </div>
        {reason ? (
          <p id={reasonId} className="text-sm text-slate-700" data-testid="app-consistency-reason">
            {reason}
          </p>
        ) : null}
        {switchError ? (
          <p id={`${reasonId}-error`} className="text-sm font-medium text-red-700">
            {switchError}
          </p>
        ) : null}
      </div>

      {isEnabled && instance ? (
        <>
          <Requirements instance={instance} />
          <PrerequisiteChecklist
            regionId={regionId}
            instanceId={instance.instanceId}
            instanceName={instance.instanceName}
            // The wizard is for admins only (plans/new).
            canRecheck
            footer={
              <Link href={instancePageHref(regionId, instance.instanceId)} className="text-sm font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
                Fix prerequisites and test scripts on the instance page
              </Link>
            }
          />
          <details className="rounded-lg border border-slate-200 bg-white p-4">
            <summary className="cursor-pointer text-sm font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-700">
              Advanced
            </summary>
            <div className="mt-4 grid gap-4">
              <FsFreezeSwitch form={form} />
              <FormField
                label="Freeze timeout (seconds)"
                hint={`Default ${DEFAULT_FREEZE_TIMEOUT_S} seconds, at most ${MAX_FREEZE_TIMEOUT_S}.`}
                error={errorAt(errors, "appConsistency.freezeTimeoutSeconds")}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    min={1}
                    max={MAX_FREEZE_TIMEOUT_S}
                    className="w-28"
                    {...form.register("appConsistency.freezeTimeoutSeconds", { valueAsNumber: true })}
                  />
                )}
              </FormField>
            </div>
          </details>
        </>
      ) : null}
    </div>
  );
}

function FsFreezeSwitch({ form }: { form: PlanForm }) {
  const id = useId();
  const isOn = useWatch({ control: form.control, name: "appConsistency.enableFsFreeze" });
  return (
    <div className="flex items-center gap-3">
      <Switch
        id={id}
        aria-label="File-system freeze"
        checked={isOn}
        onCheckedChange={(on) => form.setValue("appConsistency.enableFsFreeze", on, { shouldDirty: true })}
      />
      <label htmlFor={id} aria-hidden="true" className="text-sm text-slate-900">
        File-system freeze
        <span className="text-slate-600"> — pause writes while the snapshot is taken</span>
      </label>
    </div>
  );
}

/** What the instance needs, by OS, as the product documents it. */
function Requirements({ instance }: { instance: Instance }) {
  if (instance.osType === "windows") {
    return (
      <Callout tone="info" className="grid gap-2" data-testid="app-consistency-requirements">
        <p className="font-medium">Windows: Volume Shadow Copy Service (VSS) through Cloud Assistant</p>
        <p>
          {instance.instanceName} needs the Cloud Assistant client installed and running; on Windows its process is named{" "}
          <code className="font-mono">AliyunService</code>. It also needs the RAM role <code className="font-mono">{APP_SNAPSHOT_ROLE}</code>{" "}
          with the policy <code className="font-mono">{APP_SNAPSHOT_POLICY}</code> attached.
        </p>
      </Callout>
    );
  }
  return (
    <Callout tone="info" className="grid gap-2" data-testid="app-consistency-requirements">
      <p className="font-medium">Linux: application pre-freeze and post-thaw scripts</p>
      <ul className="grid list-disc gap-1 pl-5">
        <li>
          Pre-freeze script at <code className="font-mono">{PRE_SCRIPT_PATH}</code>, owned by root:{" "}
          <code className="font-mono">chmod {SCRIPT_MODE} {PRE_SCRIPT_PATH}</code>
        </li>
        <li>
          Post-thaw script at <code className="font-mono">{POST_SCRIPT_PATH}</code>, owned by root:{" "}
          <code className="font-mono">chmod {SCRIPT_MODE} {POST_SCRIPT_PATH}</code>
        </li>
        <li>
          Cloud Assistant running (<code className="font-mono">ps aux|grep aliyun.service</code>) and the RAM role{" "}
          <code className="font-mono">{APP_SNAPSHOT_ROLE}</code> with <code className="font-mono">{APP_SNAPSHOT_POLICY}</code> attached.
        </li>
      </ul>
      <p className="font-medium text-amber-900">
        If the scripts are missing or not configured as expected, HBR creates a file-system-consistent backup instead.
      </p>
    </Callout>
  );
}
