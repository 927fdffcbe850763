"use client";
import { useEffect } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { useStartTask, useTaskPreview } from "@/lib/client/instances";
import { instanceTaskLabels, type CloudCall, type InstanceTaskRequest, type TaskStep } from "@/lib/schemas/instances";

// The confirmation of a fix or dry run: the exact cloud calls each step will make, read from live look-ups just
// now (steps that already hold are marked and will be skipped), and why it cannot run when it cannot.

function CallList({ calls }: { calls: CloudCall[] }) {
  return (
    <ol className="grid gap-1.5">
      {calls.map((c, i) => (
        <li key={i} className="grid gap-1">
          <p className="text-xs text-slate-700">
            <span className="font-mono font-semibold text-slate-900">
              {c.service} {c.action}
            </span>
          </p>
          <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-800">{JSON.stringify(c.params, null, 2)}</pre>
        </li>
      ))}
    </ol>
  );
}

function PreviewStep({ step, index }: { step: TaskStep; index: number }) {
  const isSkipped = step.status === "skipped";
  return (
    <li className="grid gap-2 rounded-md border border-slate-200 p-3" data-testid={`preview-step-${step.id}`} data-status={step.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-900">
          {index + 1}. {step.label}
        </p>
        <Badge tone={isSkipped ? "neutral" : "info"}>{isSkipped ? "Already done: skipped" : "Will run"}</Badge>
      </div>
      {isSkipped ? <p className="text-xs text-slate-600">{step.detail}</p> : null}
      <details>
        <summary className="cursor-pointer text-xs font-medium text-blue-800 focus-visible:outline-2 focus-visible:outline-blue-700">
          Cloud calls ({step.calls.length})
        </summary>
        <div className="mt-2">
          <CallList calls={step.calls} />
        </div>
      </details>
    </li>
  );
}

interface TaskPreviewDialogProps {
  regionId: string;
  instanceId: string;
  /** The task to preview; null closes the dialog. */
  request: InstanceTaskRequest | null;
  onClose: () => void;
  /** What confirming does, in a sentence (e.g. that a dry run freezes the application). */
  note?: string;
}

export function TaskPreviewDialog({ regionId, instanceId, request, onClose, note }: TaskPreviewDialogProps) {
  const preview = useTaskPreview(regionId, instanceId);
  const start = useStartTask(regionId, instanceId);
  const { mutate: load, reset } = preview;
  useEffect(() => {
    if (request) load(request);
    else reset();
  }, [request, load, reset]);

  if (!request) return null;
  const label = instanceTaskLabels[request.kind];
  const steps = preview.data?.steps ?? [];
  const toRun = steps.filter((s) => s.status !== "skipped").length;
  const blocker = preview.data?.blocker ?? null;
  const canConfirm = preview.isSuccess && !blocker;

  return (
    <Dialog open onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{label}</DialogTitle>
          <DialogDescription>
            On {instanceId}. {note ?? "Each step looks first and changes only what is missing, so running it again is safe."}
          </DialogDescription>
        </DialogHeader>
        <div className="grid max-h-[60vh] gap-3 overflow-y-auto" aria-live="polite">
          {preview.isIdle || preview.isPending ? (
            <div className="grid gap-2">
              <p role="status" className="sr-only">
                Looking up what the fix would change…
              </p>
              <Skeleton className="h-14 w-full" />
              <Skeleton className="h-14 w-full" />
            </div>
          ) : preview.isError ? (
            <Callout tone="danger">{errorMessageOf(preview.error)}</Callout>
          ) : (
            <>
              {blocker ? (
                <Callout tone="danger" data-testid="task-blocker">
                  {blocker}
                </Callout>
              ) : (
                <p className="text-sm text-slate-700" data-testid="preview-summary">
                  {toRun === 0 ? "Everything is in place already: running it changes nothing." : `${toRun} of ${steps.length} steps will make changes.`}
                </p>
              )}
              <ol className="grid gap-2" aria-label="Steps and cloud calls">
                {steps.map((step, i) => (
                  <PreviewStep key={step.id} step={step} index={i} />
                ))}
              </ol>
            </>
          )}
          {start.isError ? <Callout tone="danger">{errorMessageOf(start.error)}</Callout> : null}
        </div>
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!canConfirm}
            isLoading={start.isPending}
            onClick={() =>
              start.mutate(request, {
                onSuccess: () => onClose(),
              })
            }
          >
            {request.kind === "dryRun" ? "Start dry run" : "Run fix"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
