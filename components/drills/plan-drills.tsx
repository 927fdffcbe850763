"use client";
import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { CloudErrorText } from "@/components/shared/cloud-error-text";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { drillsQuery, useSaveDrillSettings, useStartDrill } from "@/lib/client/drills";
import {
  drillRequestSchema,
  drillSettingsSchema,
  drillStatusLabels,
  drillStepLabels,
  formatRto,
  isFinalDrillStatus,
  probeGallery,
  probeSummary,
  scheduleSummary,
  weekdayLabels,
  weekdays,
  type DrillRun,
  type DrillSchedule,
  type LastVerified,
  type Probe,
  type ProbeKind,
  type Weekday,
} from "@/lib/schemas/drill";
import type { PlanDetail } from "@/lib/schemas/plan";
import { formatDateTime } from "@/lib/utils";

// Restore drills on the plan page: Last verified restorable, Run restore drill (probe gallery, instance and backup
// point), the weekly schedule, and the history with each run's steps, RTO, probe output and error.

const statusTones = { pending: "neutral", restoring: "info", booting: "info", probing: "info", cleaning: "info", passed: "success", failed: "danger" } as const;

function LastVerifiedRestorable({ lastVerified }: { lastVerified: LastVerified }) {
  return (
    <div className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="drill-last-verified">
      <ShieldCheck aria-hidden="true" className={lastVerified ? "text-green-700" : "text-slate-400"} />
      <div>
        <p className="font-medium text-slate-900">Last verified restorable</p>
        {lastVerified ? (
          <p>
            {formatDateTime(lastVerified.at)} · RTO {formatRto(lastVerified.rtoSeconds)}
          </p>
        ) : (
          <p className="text-slate-600">Not verified yet: every instance needs a passed restore drill.</p>
        )}
      </div>
    </div>
  );
}

/** Probe choice + its parameters; field errors keyed like the API's (`probe.path`). */
function ProbeFields({ label = "Probe", probe, onChange, errors, idPrefix }: { label?: string; probe: Probe; onChange: (p: Probe) => void; errors: Record<string, string[]>; idPrefix: string }) {
  return (
    <>
      <FormField label={label} error={errors["probe.kind"]?.[0]} hint={probeGallery.find((p) => p.kind === probe.kind)?.description}>
        {(control) => (
          <Select
            {...control}
            name={`${idPrefix}-probe`}
            value={probe.kind}
            onChange={(e) => {
              const kind = e.target.value as ProbeKind;
              onChange(kind === "file" ? { kind, path: "/data/marker", text: "" } : ({ kind } as Probe));
            }}
          >
            {probeGallery.map((p) => (
              <option key={p.kind} value={p.kind}>
                {p.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {probe.kind === "file" ? (
        <>
          <FormField label="File path" error={errors["probe.path"]?.[0]}>
            {(control) => <Input {...control} value={probe.path} onChange={(e) => onChange({ ...probe, path: e.target.value })} autoComplete="off" />}
          </FormField>
          <FormField label="Expected line" hint="The file must hold a line that is exactly this text." error={errors["probe.text"]?.[0]}>
            {(control) => <Input {...control} value={probe.text} onChange={(e) => onChange({ ...probe, text: e.target.value })} autoComplete="off" />}
          </FormField>
        </>
      ) : null}
    </>
  );
}

const zodFieldErrors = (issues: { path: PropertyKey[]; message: string }[]) => {
  const out: Record<string, string[]> = {};
  for (const i of issues) (out[i.path.join(".") || "_"] ??= []).push(i.message);
  return out;
};

function RunDrillDialog({ plan }: { plan: PlanDetail }) {
  const [isOpen, setIsOpen] = useState(false);
  const [instanceId, setInstanceId] = useState("");
  const [backupJobId, setBackupJobId] = useState("");
  const [probe, setProbe] = useState<Probe>({ kind: "agent" });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const start = useStartDrill(plan.id);
  const points = plan.jobs.filter((j) => j.hbrSnapshotId && j.instanceId === instanceId && (j.status === "COMPLETE" || j.status === "PARTIAL_COMPLETE"));

  function handleOpenChange(open: boolean) {
    setIsOpen(open);
    if (!open) {
      setErrors({});
      setFormError(null);
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = drillRequestSchema.safeParse({ instanceId: instanceId || undefined, backupJobId: backupJobId || undefined, probe });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      await start.mutateAsync(parsed.data);
      handleOpenChange(false);
    } catch (err) {
      if (err instanceof ApiClientError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      setFormError(errorMessageOf(err));
    }
  }

  return (
    <Dialog open={isOpen} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary" disabled={plan.status !== "active"}>
          <ShieldCheck aria-hidden="true" />
          Run restore drill
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Run restore drill</DialogTitle>
          <DialogDescription>
            Each instance&apos;s backup point is restored as a new instance in the region&apos;s isolated vSwitch (no public IP, no inbound rule), probed through Cloud Assistant,
            then deleted, also when the probe fails.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="grid gap-5">
          <StatusMessage message={formError} testId="drill-form-error" />
          <fieldset disabled={start.isPending} className="grid gap-4">
            <FormField label="Instances" error={errors.instanceId?.[0]}>
              {(control) => (
                <Select
                  {...control}
                  value={instanceId}
                  onChange={(e) => {
                    setInstanceId(e.target.value);
                    setBackupJobId("");
                  }}
                >
                  <option value="">All instances of the plan (newest backup point each)</option>
                  {plan.instances.map((i) => (
                    <option key={i.instanceId} value={i.instanceId}>
                      {i.instanceName} ({i.instanceId})
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
            {instanceId ? (
              <FormField label="Backup point" error={errors.backupJobId?.[0]}>
                {(control) => (
                  <Select {...control} value={backupJobId} onChange={(e) => setBackupJobId(e.target.value)}>
                    <option value="">The newest</option>
                    {points.map((j) => (
                      <option key={j.jobId} value={j.jobId}>
                        {j.hbrSnapshotId} · {formatDateTime(j.completedAt ?? j.createdAt)}
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>
            ) : null}
            <ProbeFields probe={probe} onChange={setProbe} errors={errors} idPrefix="drill" />
          </fieldset>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={start.isPending}>
              Start drill
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DrillSettingsForm({ planId, initial, nextDueAt, isAdmin }: { planId: string; initial: { schedule: DrillSchedule; probe: Probe }; nextDueAt: string | null; isAdmin: boolean }) {
  const [schedule, setSchedule] = useState<DrillSchedule>(initial.schedule);
  const [probe, setProbe] = useState<Probe>(initial.probe);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const save = useSaveDrillSettings(planId);

  if (!isAdmin) {
    return (
      <p className="text-sm" data-testid="drill-schedule">
        Schedule: {scheduleSummary(initial.schedule)}
        {initial.schedule.kind === "weekly" ? ` · probe: ${probeSummary(initial.probe)}` : null}
        {nextDueAt ? ` · next ${formatDateTime(nextDueAt)}` : null}
      </p>
    );
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setMessage(null);
    const parsed = drillSettingsSchema.safeParse({ schedule, probe });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      setMessage("Saved.");
    } catch (err) {
      if (err instanceof ApiClientError) setErrors(err.fieldErrors);
      setMessage(errorMessageOf(err));
    }
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2" aria-label="Drill schedule" data-testid="drill-schedule">
      <FormField label="Scheduled drill" error={errors["schedule.kind"]?.[0]} hint={nextDueAt ? `Next: ${formatDateTime(nextDueAt)}` : "Times are UTC."}>
        {(control) => (
          <Select {...control} value={schedule.kind} onChange={(e) => setSchedule(e.target.value === "weekly" ? { kind: "weekly", day: "sun", time: "03:00" } : { kind: "off" })}>
            <option value="off">Off</option>
            <option value="weekly">Weekly</option>
          </Select>
        )}
      </FormField>
      {schedule.kind === "weekly" ? (
        <div className="grid grid-cols-2 gap-3">
          <FormField label="Day" error={errors["schedule.day"]?.[0]}>
            {(control) => (
              <Select {...control} value={schedule.day} onChange={(e) => setSchedule({ ...schedule, day: e.target.value as Weekday })}>
                {weekdays.map((d) => (
                  <option key={d} value={d}>
                    {weekdayLabels[d]}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Time (UTC)" error={errors["schedule.time"]?.[0]}>
            {(control) => <Input {...control} value={schedule.time} onChange={(e) => setSchedule({ ...schedule, time: e.target.value })} placeholder="03:00" />}
          </FormField>
        </div>
      ) : (
        <div />
      )}
      <ProbeFields label="Probe of scheduled drills" probe={probe} onChange={setProbe} errors={errors} idPrefix="schedule" />
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" variant="secondary" isLoading={save.isPending}>
          Save schedule
        </Button>
        {message ? (
          <span role="status" className="text-slate-700">
            {message}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function StepProgress({ run }: { run: DrillRun }) {
  const done = run.steps.filter((s) => s.status === "done" || s.status === "skipped").length;
  const current = run.steps.find((s) => s.status === "running") ?? run.steps.find((s) => s.status === "failed");
  if (isFinalDrillStatus(run.status)) return current?.status === "failed" ? <span className="text-xs text-red-800">at {drillStepLabels[current.name]}</span> : null;
  return (
    <div className="grid gap-1">
      <ProgressBar compact percent={(done / run.steps.length) * 100} label={`Drill of ${run.instanceName ?? run.instanceId}: ${done} of ${run.steps.length} steps`} />
      <span className="text-xs text-slate-600">{current ? `${drillStepLabels[current.name]}${current.detail ? `: ${current.detail}` : ""}` : `${done} of ${run.steps.length}`}</span>
    </div>
  );
}

function DrillHistory({ runs }: { runs: DrillRun[] }) {
  if (!runs.length) return <p className="text-sm text-slate-600">No restore drill yet.</p>;
  return (
    <Table label="Restore drills">
      <TableColumns columns={["Instance", "Status", "RTO", "Probe", "Backup point", "Requested", "Error"]} />
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.id} data-testid={`drill-${r.id}`} data-status={r.status}>
            <TableCell className="text-xs">
              <span className="font-medium">{r.instanceName ?? r.instanceId}</span>
              <br />
              <span className="font-mono">{r.instanceId}</span>
              {r.drillInstanceId ? (
                <>
                  <br />
                  <span className="font-mono text-slate-600">
                    drill {r.drillInstanceId}
                    {r.instanceDeletedAt ? " (deleted)" : ""}
                  </span>
                </>
              ) : null}
            </TableCell>
            <TableCell>
              <Badge tone={statusTones[r.status]}>{drillStatusLabels[r.status]}</Badge>
              <StepProgress run={r} />
            </TableCell>
            <TableCell className="whitespace-nowrap text-xs">{r.rtoSeconds !== null ? formatRto(r.rtoSeconds) : "—"}</TableCell>
            <TableCell className="text-xs">
              {probeSummary(r.probe)}
              {r.probeOutput !== null || r.probeExitCode !== null ? (
                <details>
                  <summary className="cursor-pointer text-blue-800">Output (exit code {r.probeExitCode ?? "—"})</summary>
                  <pre className="mt-1 max-h-60 max-w-md overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap text-slate-100">{r.probeOutput || "(no output)"}</pre>
                </details>
              ) : null}
            </TableCell>
            <TableCell className="font-mono text-xs">{r.backupPoint ? r.backupPoint.hbrSnapshotId : "—"}</TableCell>
            <TableCell className="whitespace-nowrap text-xs">
              {formatDateTime(r.createdAt)}
              <br />
              {r.trigger === "schedule" ? "Schedule" : (r.requestedBy?.name ?? "—")}
            </TableCell>
            <TableCell className="text-xs">
              <CloudErrorText error={r.lastError} isFinal={isFinalDrillStatus(r.status)} note={isFinalDrillStatus(r.status) ? undefined : "(retrying)"} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The "Restore drills" section of the plan page. */
export function PlanDrills({ plan, isAdmin }: { plan: PlanDetail; isAdmin: boolean }) {
  const { data, error, isPending } = useQuery(drillsQuery(plan.id));
  if (isPending) return <p className="text-sm text-slate-600">Loading restore drills…</p>;
  if (error || !data) return <StatusMessage message={errorMessageOf(error)} testId="drills-error" />;
  return (
    <div className="grid gap-3" data-testid="plan-drills">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <LastVerifiedRestorable lastVerified={data.lastVerified} />
        {isAdmin ? <RunDrillDialog plan={plan} /> : null}
      </div>
      <DrillSettingsForm key={JSON.stringify(data.settings)} planId={plan.id} initial={data.settings} nextDueAt={data.nextDueAt} isAdmin={isAdmin} />
      <DrillHistory runs={data.runs} />
    </div>
  );
}
