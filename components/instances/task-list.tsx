"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, CircleDashed, CircleMinus, CircleX, LoaderCircle } from "lucide-react";
import { useEffect, useRef } from "react";
import { CloudErrorText } from "@/components/shared/cloud-error-text";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { instanceTasksQuery, refreshAfterTask } from "@/lib/client/instances";
import { instanceTaskLabels, stepOutcomeText, type InstanceTask, type TaskStep } from "@/lib/schemas/instances";
import { formatDateTime } from "@/lib/utils";

// The instance's fixes and dry runs, newest first: each with a progress bar over its steps while it runs, and
// every step's outcome, duration, exit code and output. When one finishes, the checklist is read again.

const stepIcon: Record<TaskStep["status"], { Icon: typeof CircleCheck; text: string; className: string }> = {
  pending: { Icon: CircleDashed, text: "Waiting", className: "text-slate-500" },
  running: { Icon: LoaderCircle, text: "Running", className: "animate-spin text-blue-700" },
  done: { Icon: CircleCheck, text: "Done", className: "text-green-700" },
  skipped: { Icon: CircleMinus, text: "Skipped", className: "text-slate-600" },
  failed: { Icon: CircleX, text: "Failed", className: "text-red-700" },
};

const statusTone = { pending: "neutral", running: "info", done: "success", failed: "danger" } as const;
const statusText = { pending: "Queued", running: "Running", done: "Done", failed: "Failed" } as const;

function StepRow({ step }: { step: TaskStep }) {
  const { Icon, text, className } = stepIcon[step.status];
  return (
    <li className="grid gap-1" data-testid={`task-step-${step.id}`} data-status={step.status}>
      <div className="flex items-start gap-2">
        <Icon className={`mt-0.5 size-4 shrink-0 ${className}`} aria-hidden="true" />
        <div className="grid min-w-0 flex-1 gap-0.5">
          <p className="text-sm text-slate-900">
            <span className="sr-only">{text}: </span>
            {step.label}
          </p>
          <p className="text-xs break-words text-slate-600" data-testid="step-outcome">
            {stepOutcomeText(step)}
          </p>
        </div>
      </div>
      {step.output ? (
        <pre className="ml-6 max-h-48 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs whitespace-pre-wrap text-slate-100" aria-label={`Output of ${step.label}`}>
          {step.output}
        </pre>
      ) : null}
    </li>
  );
}

function TaskCard({ task }: { task: InstanceTask }) {
  const isOpen = task.status === "pending" || task.status === "running";
  return (
    <li className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="instance-task" data-kind={task.kind} data-status={task.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold text-slate-900">{instanceTaskLabels[task.kind]}</p>
        <div className="flex items-center gap-2 text-xs text-slate-600">
          <span data-testid="task-requested">
            <time dateTime={task.createdAt}>{formatDateTime(task.createdAt)}</time>
            {task.requestedBy ? ` by ${task.requestedBy}` : ""}
          </span>
          <Badge tone={statusTone[task.status]}>{statusText[task.status]}</Badge>
        </div>
      </div>
      {isOpen ? <ProgressBar percent={task.total ? (task.done / task.total) * 100 : 0} label={`${instanceTaskLabels[task.kind]}: ${task.done} of ${task.total} steps`} /> : null}
      <ol className="grid gap-2" aria-label="Steps">
        {task.steps.map((s) => (
          <StepRow key={s.id} step={s} />
        ))}
      </ol>
      {task.summary ? (
        <p className={`text-sm ${task.status === "failed" ? "font-medium text-red-800" : "text-slate-800"}`} data-testid="task-summary">
          {task.summary}
        </p>
      ) : null}
      {task.status === "failed" && task.lastError && task.lastError.code !== "TaskStopped" && task.lastError.code !== "TaskBlocked" ? <CloudErrorText error={task.lastError} /> : null}
    </li>
  );
}

export function TaskList({ regionId, instanceId }: { regionId: string; instanceId: string }) {
  const queryClient = useQueryClient();
  const { data, error, isPending, isError } = useQuery(instanceTasksQuery(regionId, instanceId));
  // Tasks already finished when the list was first read; any other task seen finished (even one that was started
  // and ended between two reads, never seen running) changed the instance, so the checklist is read again.
  const finishedIds = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!data) return;
    const finished = new Set(data.tasks.filter((t) => t.status === "done" || t.status === "failed").map((t) => t.id));
    const isNew = finishedIds.current !== null && [...finished].some((id) => !finishedIds.current!.has(id));
    finishedIds.current = finished;
    if (isNew) void refreshAfterTask(queryClient, regionId, instanceId);
  }, [data, queryClient, regionId, instanceId]);

  if (isPending) return <Skeleton className="h-24 w-full" />;
  if (isError) return <Callout tone="danger">The fixes and dry runs could not be loaded. {errorMessageOf(error)}</Callout>;
  if (data.tasks.length === 0) return <EmptyState title="No fixes or dry runs yet" description="Fixes and dry runs started on this instance appear here with every step they took." />;
  return (
    <ol className="grid gap-3" aria-label="Fixes and dry runs">
      {data.tasks.map((t) => (
        <TaskCard key={t.id} task={t} />
      ))}
    </ol>
  );
}
