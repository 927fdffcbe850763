import type { CloudErrorValue } from "@/lib/schemas/plan";

/** A cloud error in a table cell: its code, the product message, the RequestId to quote, and a note. */
export function CloudErrorText({ error, isFinal = true, note }: { error: CloudErrorValue | null; isFinal?: boolean; note?: string }) {
  if (!error) return <>—</>;
  return (
    <span className={isFinal ? "text-red-800" : "text-slate-700"}>
      <span className="font-mono">{error.code}</span>: {error.message}
      {note ? ` ${note}` : null}
      {error.requestId ? <span className="block font-mono">RequestId {error.requestId}</span> : null}
    </span>
  );
}
