"use client";
import { useMemo, useRef, type UIEvent } from "react";
import { tokenizeBash, type TokenKind } from "@/components/scripts/bash-tokens";
import { FormField } from "@/components/ui/form-field";
import { cn } from "@/lib/utils";

// A bash editor without an editor library: the labelled control is a plain <textarea> whose text is transparent,
// laid exactly over a <pre> that shows the same text coloured. Screen readers, selection, undo and the browser's
// find all work on the textarea; the <pre> is hidden from assistive technology. Tab is left to the browser, so it
// moves focus out of the editor as everywhere else on the page; indent with spaces.

const TOKEN_CLASS: Record<TokenKind, string> = {
  comment: "text-slate-500",
  string: "text-green-800",
  keyword: "text-purple-800",
  variable: "text-blue-800",
  plain: "text-slate-900",
};

// The textarea and the <pre> must lay text out identically: same font, size, line height, padding and tabs.
const layerClass = "m-0 p-3 font-mono text-sm leading-6 whitespace-pre [tab-size:4]";

interface ScriptEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the editor in red, and marks it invalid. */
  error?: string;
  hint?: string;
  disabled?: boolean;
  testId?: string;
}

export function ScriptEditor({ label, value, onChange, error, hint, disabled, testId }: ScriptEditorProps) {
  const preRef = useRef<HTMLPreElement>(null);
  const tokens = useMemo(() => tokenizeBash(value), [value]);
  const syncScroll = (e: UIEvent<HTMLTextAreaElement>) => {
    if (!preRef.current) return;
    preRef.current.scrollTop = e.currentTarget.scrollTop;
    preRef.current.scrollLeft = e.currentTarget.scrollLeft;
  };
  return (
    <FormField label={label} error={error} hint={hint}>
      {(control) => (
        <div className="relative overflow-hidden rounded-md border border-slate-300 bg-white shadow-xs focus-within:border-blue-700 focus-within:outline-2 focus-within:outline-offset-1 focus-within:outline-blue-700 has-[[aria-invalid=true]]:border-red-700">
          <pre ref={preRef} aria-hidden="true" className={cn(layerClass, "pointer-events-none absolute inset-0 overflow-hidden")}>
            {tokens.map((t, i) => (
              <span key={i} className={TOKEN_CLASS[t.kind]}>
                {t.text}
              </span>
            ))}
            {/* A final newline needs a line of its own, as in the textarea. */}
            {"\n "}
          </pre>
          <textarea
            {...control}
            data-testid={testId}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            onScroll={syncScroll}
            disabled={disabled}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            autoCorrect="off"
            rows={14}
            className={cn(
              layerClass,
              "relative block w-full resize-y overflow-auto bg-transparent text-transparent caret-slate-900 outline-none selection:bg-blue-200 selection:text-transparent disabled:cursor-not-allowed",
            )}
          />
        </div>
      )}
    </FormField>
  );
}
