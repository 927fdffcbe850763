"use client";
import { useId, useMemo, useRef, useState } from "react";
import { ScriptEditor } from "@/components/scripts/script-editor";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import {
  DRY_RUN_DEFAULT_TIMEOUT_S,
  DRY_RUN_MAX_TIMEOUT_S,
  instanceTaskRequestSchema,
  type InstanceTaskRequest,
} from "@/lib/schemas/instances";
import { DEFAULT_FREEZE_TIMEOUT_S } from "@/lib/schemas/plan";
import { scriptGallery, type GalleryScript } from "@/lib/schemas/script-gallery";
import { MIN_COMMAND_TIMEOUT_S, scriptLabels } from "@/lib/schemas/scripts";
import { cn } from "@/lib/utils";

// The pre-freeze/post-thaw workbench of a Linux instance: pick a gallery pair (one click fills both editors),
// edit with highlighting and live validation by the same schema the API uses, then Dry run (freeze, then thaw
// always) or Upload to instance. The host page previews and confirms the request it is handed.

type ScriptRequest = Extract<InstanceTaskRequest, { kind: "scripts" | "dryRun" }>;

interface ScriptWorkbenchProps {
  osType: "linux" | "windows";
  /** Admins only: viewers see the buttons disabled, with the reason. */
  canRun: boolean;
  /** A task is running on the instance. */
  busy: boolean;
  onRequest: (request: ScriptRequest) => void;
}

type Field = "preScript" | "postScript" | "timeoutSeconds";
type FieldErrors = Partial<Record<Field, string>>;

function errorsOf(request: ScriptRequest): FieldErrors {
  const parsed = instanceTaskRequestSchema.safeParse(request);
  const errors: FieldErrors = {};
  for (const issue of parsed.error?.issues ?? []) {
    const field = issue.path[0] as Field;
    errors[field] ??= issue.message;
  }
  return errors;
}

function GalleryPicker({ selected, onPick }: { selected: string | null; onPick: (g: GalleryScript) => void }) {
  const headingId = useId();
  return (
    <div role="group" aria-labelledby={headingId} className="grid gap-2">
      <p id={headingId} className="text-sm font-medium text-slate-900">
        {scriptLabels.gallery}
      </p>
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {scriptGallery.map((g) => (
          <li key={g.id}>
            <button
              type="button"
              onClick={() => onPick(g)}
              aria-pressed={selected === g.id}
              data-testid={`gallery-${g.id}`}
              className={cn(
                "grid h-full w-full cursor-pointer gap-1 rounded-md border bg-white p-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700",
                selected === g.id ? "border-blue-700 ring-1 ring-blue-700" : "border-slate-300",
              )}
            >
              <span className="text-sm font-medium text-slate-900">{g.name}</span>
              <span className="text-xs text-slate-600">{g.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ScriptWorkbench({ osType, canRun, busy, onRequest }: ScriptWorkbenchProps) {
  const reasonId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const [preScript, setPreScript] = useState("");
  const [postScript, setPostScript] = useState("");
  const [timeoutText, setTimeoutText] = useState(String(DRY_RUN_DEFAULT_TIMEOUT_S));
  const [picked, setPicked] = useState<GalleryScript | null>(null);
  /** Errors show once a field has content or a button was pressed, not on an empty form. */
  const [isAttempted, setIsAttempted] = useState(false);

  const timeoutSeconds = timeoutText.trim() === "" ? Number.NaN : Number(timeoutText);
  const uploadRequest: ScriptRequest = { kind: "scripts", preScript, postScript };
  const dryRunRequest: ScriptRequest = { kind: "dryRun", preScript, postScript, timeoutSeconds };
  const uploadErrors = useMemo(() => errorsOf({ kind: "scripts", preScript, postScript }), [preScript, postScript]);
  const dryRunErrors = useMemo(() => errorsOf({ kind: "dryRun", preScript, postScript, timeoutSeconds }), [preScript, postScript, timeoutSeconds]);

  if (osType === "windows") {
    return (
      <Callout tone="info" data-testid="scripts-windows-note">
        Windows instances use Volume Shadow Copy Service (VSS) through Cloud Assistant for application-consistent backups: no
        pre-freeze or post-thaw scripts are needed.
      </Callout>
    );
  }

  const isPristine = picked !== null && preScript === picked.preScript && postScript === picked.postScript;
  const shown = (field: "preScript" | "postScript", value: string) => (isAttempted || value !== "" ? uploadErrors[field] : undefined);
  // A script SendFile takes but RunCommand does not: it can be uploaded, not dry-run.
  const dryRunOnly = (field: "preScript" | "postScript") => (uploadErrors[field] ? undefined : dryRunErrors[field]);
  const isTimeoutLong = Number.isFinite(timeoutSeconds) && timeoutSeconds > DEFAULT_FREEZE_TIMEOUT_S;
  const reason = !canRun
    ? "Only admins can run scripts on an instance."
    : busy
      ? "A task is running on this instance; wait until it ends."
      : null;

  const submit = (request: ScriptRequest, errors: FieldErrors) => {
    setIsAttempted(true);
    const first = (["preScript", "postScript", "timeoutSeconds"] as const).find((f) => errors[f]);
    if (first) {
      rootRef.current?.querySelector<HTMLElement>(`[data-field="${first}"] textarea, [data-field="${first}"] input`)?.focus();
      return;
    }
    onRequest(request);
  };

  const pick = (g: GalleryScript) => {
    setPicked(g);
    setPreScript(g.preScript);
    setPostScript(g.postScript);
  };

  return (
    <div ref={rootRef} className="grid gap-5" data-testid="script-workbench">
      <p className="text-sm text-slate-700">
        HBR runs the pre-freeze script just before it freezes the file systems and the post-thaw script right after the
        snapshot. Each gallery script gives up before the freeze timeout and undoes its own freeze when it fails.
      </p>
      <GalleryPicker selected={isPristine ? picked.id : null} onPick={pick} />
      <p role="status" className="text-sm text-slate-600 empty:hidden">
        {isPristine ? `${picked.name} scripts are in both editors.` : ""}
      </p>
      <div className="grid gap-4 xl:grid-cols-2">
        {(
          [
            { field: "preScript", label: scriptLabels.preScript, value: preScript, set: setPreScript },
            { field: "postScript", label: scriptLabels.postScript, value: postScript, set: setPostScript },
          ] as const
        ).map(({ field, label, value, set }) => (
          <div key={field} data-field={field} className="min-w-0">
            <ScriptEditor
              label={label}
              value={value}
              onChange={set}
              error={shown(field, value)}
              hint={dryRunOnly(field) ?? "Tab moves to the next field; indent with spaces."}
              testId={`editor-${field}`}
            />
          </div>
        ))}
      </div>
      <div data-field="timeoutSeconds" className="max-w-md">
        <FormField
          label={scriptLabels.timeout}
          error={isAttempted || timeoutText !== String(DRY_RUN_DEFAULT_TIMEOUT_S) ? dryRunErrors.timeoutSeconds : undefined}
          hint={
            isTimeoutLong
              ? `Longer than HBR's default freeze timeout (${DEFAULT_FREEZE_TIMEOUT_S} s): a pre-freeze script that needs this long would not finish in time during a backup.`
              : `For the Dry run: each script is stopped after this long (${MIN_COMMAND_TIMEOUT_S}–${DRY_RUN_MAX_TIMEOUT_S} s). Keep it at or below the freeze timeout of the plan (${DEFAULT_FREEZE_TIMEOUT_S} s by default).`
          }
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={MIN_COMMAND_TIMEOUT_S}
              max={DRY_RUN_MAX_TIMEOUT_S}
              className={cn("w-28", isTimeoutLong && "border-amber-600")}
              value={timeoutText}
              onChange={(e) => setTimeoutText(e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="grid gap-2">
        <div className="flex flex-wrap gap-3">
          <Button variant="secondary" disabled={reason !== null} aria-describedby={reason ? reasonId : undefined} onClick={() => submit(dryRunRequest, dryRunErrors)}>
            {scriptLabels.dryRun}
          </Button>
          <Button disabled={reason !== null} aria-describedby={reason ? reasonId : undefined} onClick={() => submit(uploadRequest, uploadErrors)}>
            {scriptLabels.upload}
          </Button>
        </div>
        {reason ? (
          <p id={reasonId} className="text-sm text-slate-600" data-testid="scripts-reason">
            {reason}
          </p>
        ) : (
          <p className="text-sm text-slate-600">
            Dry run runs the pre-freeze script, then always the post-thaw script, through Cloud Assistant. Upload writes both
            to the instance as root with mode 700.
          </p>
        )}
      </div>
    </div>
  );
}
