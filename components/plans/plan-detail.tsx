"use client";
import Link from "next/link";
import { DescriptionItem } from "@/components/ui/description-item";
import { LoadError } from "@/components/layout/load-states";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { PageNotFound } from "@/components/layout/page-not-found";
import { PageSkeleton } from "@/components/layout/page-skeleton";
import { CloudErrorText } from "@/components/shared/cloud-error-text";
import { PlanActionHistory } from "@/components/plans/plan-action-history";
import { PlanDrills } from "@/components/drills/plan-drills";
import { PlanActions, PlanExports } from "@/components/plans/plan-actions";
import { PlanSchedule } from "@/components/plans/plan-schedule";
import { compactCell, CompactColumns, ConsistencyBadge, idCell, idListCell, instanceIdCell, JobConsistency, PlanSnapshots } from "@/components/plans/plan-snapshots";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatInstant, formatInterval, formatRetention } from "@/components/shared/schedule-format";
import { PlanStatusBadge } from "@/components/plans/plan-status-badge";
import { LazyBackupPointsSection } from "@/components/restores/lazy-restores";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { StatusMessage } from "@/components/ui/status-message";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { instancePageHref } from "@/components/instances/instance-href";
import { PrerequisiteChecklist } from "@/components/instances/prerequisite-checklist";
import { ApiClientError } from "@/lib/client/api-fetch";
import { isPlanMoving, planQuery } from "@/lib/client/plans";
import { labels } from "@/lib/schemas/labels";
import { backupModeLabels, type PlanDetail, type PlanJob, type PlanStep } from "@/lib/schemas/plan";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatDateTime } from "@/lib/utils";

// Unnamed sections, not landmarks: the tables inside are named regions already.
// One column that never grows past the page: a wide table scrolls inside its card instead of pushing the page wider.
function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3">
      <h2 className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Configuration({ plan }: { plan: PlanDetail }) {
  const { backupMode, appConsistency, replication } = plan.config;
  const schedule = backupMode.mode === "auto" ? backupMode.schedule : null;
  return (
    <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[14rem_1fr]" data-testid="plan-configuration">
      <DescriptionItem term="Region">{regionNameOf(plan.regionId)}</DescriptionItem>
      <DescriptionItem term={labels.backupMode}>{backupModeLabels[plan.mode]}</DescriptionItem>
      {backupMode.mode === "manual" ? <DescriptionItem term={labels.retentionPeriod}>{formatRetention(backupMode.retention)}</DescriptionItem> : null}
      {schedule?.kind === "existingPolicy" ? <DescriptionItem term="Backup policy">{schedule.policyId} (existing)</DescriptionItem> : null}
      {schedule?.kind === "newPolicy" ? (
        <DescriptionItem term="Backup policy">
          {schedule.policyName}
          {plan.policyId ? ` (${plan.policyId})` : null}
        </DescriptionItem>
      ) : null}
      {schedule?.kind === "plan" ? <DescriptionItem term="Schedule">Backup plan per instance</DescriptionItem> : null}
      {schedule && schedule.kind !== "existingPolicy" ? (
        <>
          <DescriptionItem term={labels.startTime}>{formatInstant(schedule.startTime)}</DescriptionItem>
          <DescriptionItem term={labels.backupInterval}>{formatInterval(schedule.interval)}</DescriptionItem>
          <DescriptionItem term={labels.retentionPeriod}>{formatRetention(schedule.retention)}</DescriptionItem>
        </>
      ) : null}
      <DescriptionItem term={labels.appConsistentBackup}>
        {appConsistency.enabled
          ? `On · file-system freeze ${appConsistency.enableFsFreeze ? "on" : "off"}, timeout ${appConsistency.freezeTimeoutSeconds} s`
          : "Off"}
      </DescriptionItem>
      <DescriptionItem term={labels.replication}>
        {replication.enabled && replication.destinationRegionId
          ? `${regionNameOf(replication.destinationRegionId)}${replication.retention ? `, keep ${formatRetention(replication.retention)}` : ""}`
          : "Off"}
      </DescriptionItem>
      <DescriptionItem term="Created">
        {formatDateTime(plan.createdAt)}
        {plan.createdBy ? ` by ${plan.createdBy}` : null}
      </DescriptionItem>
    </dl>
  );
}

const stepTones = { pending: "neutral", running: "info", done: "success", failed: "danger" } as const;

function StepsTable({ steps }: { steps: PlanStep[] }) {
  if (steps.length === 0) return <p className="text-sm text-slate-600">No provisioning steps yet.</p>;
  return (
    <Table label="Provisioning steps">
      <TableColumns columns={["#", "Action", "Target", "Status", "Attempts", "Cloud ID", "Last error"]} />
      <TableBody>
        {steps.map((s) => (
          <TableRow key={s.id}>
            <TableCell>{s.seq}</TableCell>
            <TableCell className="font-mono text-xs">{s.action}</TableCell>
            <TableCell className="font-mono text-xs">{s.target}</TableCell>
            <TableCell>
              <Badge tone={stepTones[s.status]}>{s.status}</Badge>
            </TableCell>
            <TableCell>{s.attempts}</TableCell>
            <TableCell className="font-mono text-xs">{s.cloudId ?? "—"}</TableCell>
            <TableCell className="text-xs">
              <CloudErrorText error={s.lastError} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function JobsTable({ jobs }: { jobs: PlanJob[] }) {
  if (jobs.length === 0) return <p className="text-sm text-slate-600">No backup jobs yet.</p>;
  const columns = ["Job", "Instance", "Trigger", "Status", "Progress", "Consistency", "Snapshots", "Completed"];
  return (
    <Table label="Backup jobs">
      <CompactColumns columns={columns} />
      <TableBody>
        {jobs.map((j) => (
          <TableRow key={j.jobId} data-testid={`job-${j.jobId}`}>
            <TableCell className={idCell}>{j.jobId}</TableCell>
            <TableCell className={instanceIdCell}>{j.instanceId ?? "—"}</TableCell>
            <TableCell className={`${compactCell} text-xs`}>{j.triggerMode === "SCHEDULE" ? "Scheduled" : j.triggerMode === "MANUAL" ? "Manual" : "—"}</TableCell>
            <TableCell className={`${compactCell} text-xs`}>{j.status}</TableCell>
            <TableCell className={compactCell}>
              <ProgressBar percent={j.progress / 100} label={`Progress of ${j.jobId}`} compact />
            </TableCell>
            <TableCell className={compactCell} data-testid="job-consistency">
              <JobConsistency job={j} />
            </TableCell>
            <TableCell className={idListCell}>{j.snapshotIds.join(", ") || "—"}</TableCell>
            <TableCell className={`${compactCell} text-xs`}>{j.completedAt ? formatDateTime(j.completedAt) : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function PlanDetailView({ planId, isAdmin }: { planId: string; isAdmin: boolean }) {
  const { data: plan, error, isPending, isError, refetch, isRefetching } = useQuery(planQuery(planId));
  const [actionError, setActionError] = useState<string | null>(null);

  if (isPending) return <PageSkeleton title="Protection plan" variant="panel" />;
  if (isError && error instanceof ApiClientError && error.status === 404) {
    return <PageNotFound message="This protection plan does not exist, or it was deleted." />;
  }
  if (isError) {
    return (
      <>
        <PageHeader title="Protection plan" />
        <LoadError what="The plan" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />
      </>
    );
  }

  const isMoving = isPlanMoving(plan);
  return (
    <>
      <PageHeader
        title={plan.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <PlanStatusBadge status={plan.status} />
            <span className="font-mono text-xs">{plan.id}</span>
            {isMoving ? <span className="text-xs">Updating every 2 seconds…</span> : null}
          </span>
        }
        actions={
          <>
            <PlanExports plan={plan} />
            {isAdmin ? <PlanActions plan={plan} onError={setActionError} /> : null}
          </>
        }
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-8">
        <StatusMessage message={actionError} testId="plan-action-error" />
        {plan.lastError ? (
          <Callout tone="danger" data-testid="plan-last-error">
            <p className="font-medium">
              Provisioning failed: <span className="font-mono">{plan.lastError.code}</span>
            </p>
            <p>{plan.lastError.message}</p>
            {plan.lastError.requestId ? <p className="font-mono text-xs">RequestId {plan.lastError.requestId}</p> : null}
            {isAdmin && plan.status === "failed" ? <p className="mt-1">Retry resumes from the failed step.</p> : null}
          </Callout>
        ) : null}
        {plan.rpoBreached ? (
          <Callout tone="warning" data-testid="plan-rpo-breached">
            <p className="font-medium">RPO breached</p>
            <p>
              {plan.lastSuccessAt ? `The last successful backup finished ${formatDateTime(plan.lastSuccessAt)}` : "No backup has succeeded yet"}: more than 1.5 backup
              intervals ago.
            </p>
          </Callout>
        ) : null}
        <Section title="Configuration">
          <Configuration plan={plan} />
        </Section>
        <Section title="Schedule">
          <PlanSchedule plan={plan} />
        </Section>
        <Section title="Restore drills">
          <PlanDrills plan={plan} isAdmin={isAdmin} />
        </Section>
        <Section title="Instances">
          <Table label="Instances">
            <TableColumns columns={["Name", "ID", "OS", "Disks", "Last backup", "Consistency"]} />
            <TableBody>
              {plan.instances.map((i) => (
                <TableRow key={i.instanceId}>
                  <TableCell className="font-medium">
                    <Link href={instancePageHref(plan.regionId, i.instanceId)} className="text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
                      {i.instanceName}
                    </Link>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{i.instanceId}</TableCell>
                  <TableCell>{i.osName}</TableCell>
                  <TableCell>{i.protectAllDisks ? labels.protectAllDisks : i.diskIds.join(", ")}</TableCell>
                  <TableCell className="whitespace-nowrap text-xs">{i.lastBackupAt ? formatDateTime(i.lastBackupAt) : "None yet"}</TableCell>
                  <TableCell>{i.lastConsistencyLevel ? <ConsistencyBadge level={i.lastConsistencyLevel} /> : "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
        {plan.appConsistent && plan.instances.length === 1 ? (
          <Section title={labels.appConsistentBackup}>
            <PrerequisiteChecklist
              regionId={plan.regionId}
              instanceId={plan.instances[0]!.instanceId}
              instanceName={plan.instances[0]!.instanceName}
              canRecheck={isAdmin}
              footer={
                <Link href={instancePageHref(plan.regionId, plan.instances[0]!.instanceId)} className="text-sm font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
                  Fix prerequisites and test scripts on the instance page
                </Link>
              }
            />
          </Section>
        ) : null}
        <Section title="Provisioning steps">
          <StepsTable steps={plan.steps} />
        </Section>
        <Section title="Actions">
          <PlanActionHistory actions={plan.actions} />
        </Section>
        <Section title="Backup jobs">
          <JobsTable jobs={plan.jobs} />
        </Section>
        <Section title="Snapshots">
          <PlanSnapshots jobs={plan.jobs} />
        </Section>
        <Section title="Backup points">
          <LazyBackupPointsSection filters={{ planId: plan.id }} isAdmin={isAdmin} />
        </Section>
      </div>
    </>
  );
}
