"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { StatusMessage } from "@/components/ui/status-message";
import { Switch } from "@/components/ui/switch";
import { alertRulesQuery, useUpdateAlertRules } from "@/lib/client/alerts";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import {
  alertKindDescriptions,
  alertKindLabels,
  DEFAULT_UNPROTECTED_HOURS,
  updateAlertRulesSchema,
  type AlertRule,
  type UpdateAlertRules,
} from "@/lib/schemas/alerts";

export function AlertRulesForm({ isAdmin }: { isAdmin: boolean }) {
  const rules = useQuery(alertRulesQuery());
  if (rules.isError) return <LoadError what="Alert rules" error={rules.error} isRetrying={rules.isRefetching} onRetry={() => rules.refetch()} />;
  if (!rules.data) return <LoadingRows label="Loading alert rules…" rows={7} />;
  return <RulesForm rules={rules.data.rules} isAdmin={isAdmin} />;
}

/** The form's values: every rule, with the threshold only on the rule that has one (as PUT takes them). */
const formValuesOf = (rules: readonly AlertRule[]): UpdateAlertRules => ({
  rules: rules.map((r) =>
    r.kind === "instanceUnprotected" ? { kind: r.kind, enabled: r.enabled, thresholdHours: r.thresholdHours ?? DEFAULT_UNPROTECTED_HOURS } : { kind: r.kind, enabled: r.enabled },
  ),
});

function RulesForm({ rules, isAdmin }: { rules: AlertRule[]; isAdmin: boolean }) {
  const form = useForm<UpdateAlertRules>({ resolver: zodResolver(updateAlertRulesSchema), defaultValues: formValuesOf(rules) });
  const update = useUpdateAlertRules();
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const errors = form.formState.errors.rules;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(null);
    setSaved(null);
    try {
      const result = await update.mutateAsync(values);
      form.reset(formValuesOf(result.rules));
      setSaved("Alert rules saved. The worker applies them on its next check.");
    } catch (err) {
      if (!applyFieldErrors(form, err)) setMessage(errorMessageOf(err));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Alert rules">
      {isAdmin ? null : <Callout tone="info">Only admins can change alert rules. You can see what alerts and when.</Callout>}
      <StatusMessage message={message} testId="alert-rules-error" />
      <fieldset disabled={!isAdmin || form.formState.isSubmitting} className="grid gap-3">
        <legend className="sr-only">Alert rules</legend>
        {rules.map((rule, index) => {
          const switchId = `alert-rule-${rule.kind}`;
          return (
            <div key={rule.kind} data-testid={`alert-rule-${rule.kind}`} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[auto_1fr_auto] sm:items-start">
              <Controller
                control={form.control}
                name={`rules.${index}.enabled`}
                render={({ field }) => (
                  <Switch
                    id={switchId}
                    checked={field.value}
                    onCheckedChange={field.onChange}
                    onBlur={field.onBlur}
                    disabled={!isAdmin}
                    aria-describedby={`${switchId}-description`}
                    className="mt-0.5"
                  />
                )}
              />
              <div className="grid gap-1">
                <label htmlFor={switchId} className="font-medium text-slate-900">
                  {alertKindLabels[rule.kind]}
                </label>
                <p id={`${switchId}-description`} className="text-sm text-slate-600">
                  {alertKindDescriptions[rule.kind]}
                </p>
              </div>
              {rule.kind === "instanceUnprotected" ? (
                <FormField label="Threshold (hours)" className="w-40" error={errors?.[index]?.thresholdHours?.message}>
                  {(control) => <Input {...control} type="number" inputMode="numeric" min={0} max={720} step={1} {...form.register(`rules.${index}.thresholdHours`, { valueAsNumber: true })} />}
                </FormField>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      {saved ? (
        <p role="status" className="text-sm text-green-800">
          {saved}
        </p>
      ) : null}
      {isAdmin ? (
        <div>
          <Button type="submit" isLoading={form.formState.isSubmitting}>
            Save rules
          </Button>
        </div>
      ) : null}
    </form>
  );
}
