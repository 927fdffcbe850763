"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PrerequisiteChecklist } from "@/components/instances/prerequisite-checklist";
import { TaskList } from "@/components/instances/task-list";
import { TaskPreviewDialog } from "@/components/instances/task-preview-dialog";
import { ConsistencyBadge, UnknownConsistency } from "@/components/plans/plan-snapshots";
import { LazyBackupPointsSection } from "@/components/restores/lazy-restores";
import { ScriptWorkbench } from "@/components/scripts/script-workbench";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { DescriptionItem } from "@/components/ui/description-item";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { instanceDetailQuery, instanceTasksQuery } from "@/lib/client/instances";
import type { CheckItem, InstanceDetail, InstanceTaskRequest } from "@/lib/schemas/instances";
import { formatDateTime } from "@/lib/utils";

// /instances/:id: the application-consistency assistant for one instance. The live checklist with a one-click
// fix next to each failing item an admin can fix, the script gallery and editor with Dry run, every fix and dry
// run with its steps, and the backups the instance got (the level predicted next to the level reached).

const sectionClass = "grid gap-3";
const headingClass = "text-lg font-semibold text-slate-900";

function InstanceFacts({ detail }: { detail: InstanceDetail }) {
  const { instance } = detail;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr_max-content_1fr]">
      <DescriptionItem term="Instance ID">
        <span className="font-mono">{instance.instanceId}</span>
      </DescriptionItem>
      <DescriptionItem term="Status">{instance.status}</DescriptionItem>
      <DescriptionItem term="Operating system">{instance.osName}</DescriptionItem>
      <DescriptionItem term="Zone">{instance.zoneId}</DescriptionItem>
      <DescriptionItem term="Disks">{instance.disks.map((d) => `${d.diskId} (${d.category}, ${d.sizeGiB} GiB)`).join(", ") || "—"}</DescriptionItem>
      <DescriptionItem term="RAM role">{instance.ramRoleName ?? "None"}</DescriptionItem>
    </dl>
  );
}

function Backups({ detail }: { detail: InstanceDetail }) {
  if (detail.plans.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No protection plan includes this instance yet. <Link href="/plans/new" className="font-medium text-blue-800 underline-offset-4 hover:underline">Create ECS Protection Plan</Link>
      </p>
    );
  }
  return (
    <div className="grid gap-4">
      <Table label="Protection plans of this instance">
        <TableColumns columns={["Plan", "Status", "Application Consistent Backup", "Predicted now"]} />
        <TableBody>
          {detail.plans.map((p) => (
            <TableRow key={p.id}>
              <TableCell>
                <Link href={`/plans/${encodeURIComponent(p.id)}`} className="font-medium text-blue-800 underline-offset-4 hover:underline">
                  {p.name}
                </Link>
              </TableCell>
              <TableCell>{p.status}</TableCell>
              <TableCell>{p.appConsistent ? "On" : "Off"}</TableCell>
              <TableCell>{p.predictedLevel ? <ConsistencyBadge level={p.predictedLevel} /> : "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {detail.recentJobs.length ? (
        <Table label="Recent backups of this instance">
          <TableColumns columns={["Job", "Plan", "Status", "Predicted", "Reached", "Completed"]} />
          <TableBody>
            {detail.recentJobs.map((j) => {
              const isMismatch = !!j.predictedLevel && !!j.consistencyLevel && j.predictedLevel !== j.consistencyLevel;
              return (
                <TableRow key={j.jobId} data-testid="instance-job" data-mismatch={isMismatch || undefined}>
                  <TableCell className="font-mono text-xs">{j.jobId}</TableCell>
                  <TableCell>{j.planName}</TableCell>
                  <TableCell>{j.status}</TableCell>
                  <TableCell>{j.predictedLevel ? <ConsistencyBadge level={j.predictedLevel} /> : "—"}</TableCell>
                  <TableCell>
                    {j.consistencyLevel ? <ConsistencyBadge level={j.consistencyLevel} /> : j.consistencyRaw !== null ? <UnknownConsistency raw={j.consistencyRaw} /> : "—"}
                    {isMismatch ? (
                      <Badge tone="danger" className="ml-2">
                        Not as predicted
                      </Badge>
                    ) : null}
                    {j.downgradeReason ? <span className="mt-1 block text-xs text-slate-700">{j.downgradeReason}</span> : null}
                  </TableCell>
                  <TableCell>{j.completedAt ? formatDateTime(j.completedAt) : "—"}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}

const scriptsSectionId = "scripts";

const fixes = [
  {
    kind: "ramRole",
    button: "Set up RAM role",
    text: "Creates the RAM role AppSnapshotRoleName trusted by ecs.aliyuncs.com and the policy AppSnapshotPolicy if they are missing, attaches the policy to the role and the role to this instance. An instance that has another role keeps it.",
  },
  {
    kind: "cloudAssistant",
    button: "Install Cloud Assistant",
    text: "Installs the Cloud Assistant client (aliyun.service on Linux, AliyunService on Windows) if it is missing and waits until it is online.",
  },
] as const;

/** Every fix, runnable at any time: each looks first, so running one that is not needed changes nothing. */
function FixesSection({ isAdmin, isBusy, onRun }: { isAdmin: boolean; isBusy: boolean; onRun: (request: InstanceTaskRequest) => void }) {
  return (
    <section className={sectionClass} aria-labelledby="fixes-heading">
      <h2 id="fixes-heading" className={headingClass}>
        One-click fixes
      </h2>
      {isAdmin ? null : <p className="text-sm text-slate-600">Only administrators can run fixes; you can review what each one does.</p>}
      <ul className="grid gap-3 sm:grid-cols-2">
        {fixes.map((f) => (
          <li key={f.kind} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
            <p className="grow text-sm text-slate-700">{f.text}</p>
            {isAdmin ? (
              <div>
                <Button variant="secondary" size="sm" disabled={isBusy} onClick={() => onRun({ kind: f.kind })} data-testid={`fix-${f.kind}`}>
                  {f.button}…
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {isAdmin && isBusy ? <p className="text-sm text-slate-600">A task is running on this instance; the next one can start when it ends.</p> : null}
    </section>
  );
}

export function InstancePanel({ regionId, instanceId, isAdmin }: { regionId: string; instanceId: string; isAdmin: boolean }) {
  const detail = useQuery(instanceDetailQuery(regionId, instanceId));
  const tasks = useQuery(instanceTasksQuery(regionId, instanceId));
  const [request, setRequest] = useState<InstanceTaskRequest | null>(null);
  const isBusy = tasks.data?.tasks.some((t) => t.status === "pending" || t.status === "running") ?? false;

  if (detail.isPending) {
    return (
      <div className="grid gap-4">
        <p role="status" className="sr-only">
          Loading the instance…
        </p>
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (detail.isError) return <Callout tone="danger">{errorMessageOf(detail.error)}</Callout>;
  const { instance } = detail.data;

  const renderFix = (item: CheckItem) => {
    if (!isAdmin) return null;
    if (item.id === "ramRole") {
      return (
        <Button size="sm" variant="secondary" disabled={isBusy} onClick={() => setRequest({ kind: "ramRole" })}>
          Set up RAM role
        </Button>
      );
    }
    if (item.id === "cloudAssistant") {
      return (
        <Button size="sm" variant="secondary" disabled={isBusy} onClick={() => setRequest({ kind: "cloudAssistant" })}>
          Install Cloud Assistant
        </Button>
      );
    }
    if (item.id === "scripts" && instance.osType === "linux") {
      return (
        <Button size="sm" variant="secondary" onClick={() => document.getElementById(scriptsSectionId)?.scrollIntoView({ block: "start" })}>
          Write and upload scripts
        </Button>
      );
    }
    return null;
  };

  return (
    <div className="grid gap-8">
      <InstanceFacts detail={detail.data} />
      <PrerequisiteChecklist regionId={regionId} instanceId={instanceId} instanceName={instance.instanceName} renderFix={renderFix} headingLevel="h2" canRecheck={isAdmin} />
      <FixesSection isAdmin={isAdmin} isBusy={isBusy} onRun={setRequest} />
      <section className={sectionClass} aria-labelledby={scriptsSectionId}>
        <h2 id={scriptsSectionId} className={headingClass} tabIndex={-1}>
          Pre-freeze and post-thaw scripts
        </h2>
        <ScriptWorkbench osType={instance.osType} canRun={isAdmin} busy={isBusy} onRequest={setRequest} />
      </section>
      <section className={sectionClass} aria-labelledby="tasks-heading">
        <h2 id="tasks-heading" className={headingClass}>
          Fixes and dry runs
        </h2>
        <TaskList regionId={regionId} instanceId={instanceId} />
      </section>
      <section className={sectionClass} aria-labelledby="backups-heading">
        <h2 id="backups-heading" className={headingClass}>
          Plans and backups
        </h2>
        <Backups detail={detail.data} />
      </section>
      <section className={sectionClass} aria-labelledby="backup-points-heading">
        <h2 id="backup-points-heading" className={headingClass}>
          Backup points
        </h2>
        <LazyBackupPointsSection filters={{ instanceId, regionId }} isAdmin={isAdmin} />
      </section>
      <TaskPreviewDialog
        regionId={regionId}
        instanceId={instanceId}
        request={request}
        onClose={() => setRequest(null)}
        note={
          request?.kind === "dryRun"
            ? `The pre-freeze script runs on the instance now and may hold the application for up to ${request.timeoutSeconds} s; the post-thaw script runs afterwards whatever the outcome.`
            : undefined
        }
      />
    </div>
  );
}
