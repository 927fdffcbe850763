import type { AuditEvent } from "@/lib/schemas/audit";
import { cn } from "@/lib/utils";

type Json = AuditEvent["before"];

const isRecord = (value: Json): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

function show(value: Json | undefined): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Field by field: what the change found and what it left, with changed fields marked. */
export function AuditDiff({ event, id }: { event: AuditEvent; id: string }) {
  const before = isRecord(event.before) ? event.before : event.before === null ? {} : { value: event.before };
  const after = isRecord(event.after) ? event.after : event.after === null ? {} : { value: event.after };
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (fields.length === 0) {
    return (
      <p id={id} className="text-sm text-slate-600">
        No before or after values were recorded for this change.
      </p>
    );
  }
  return (
    <table id={id} aria-label={`Changes of ${event.targetId}`} className="w-full max-w-3xl border-collapse text-left text-sm">
      <thead>
        <tr className="border-b border-slate-200">
          <th scope="col" className="py-1 pr-4 font-medium text-slate-700">Field</th>
          <th scope="col" className="py-1 pr-4 font-medium text-slate-700">Before</th>
          <th scope="col" className="py-1 font-medium text-slate-700">After</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => {
          const was = show(before[field]);
          const now = show(after[field]);
          const isChanged = was !== now;
          return (
            <tr key={field} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-1 pr-4 font-mono text-xs font-normal text-slate-800">
                {field}
                {isChanged ? <span className="sr-only"> (changed)</span> : null}
              </th>
              <td className={cn("py-1 pr-4 font-mono text-xs break-all", isChanged ? "bg-red-50 text-red-900" : "text-slate-700")}>{was}</td>
              <td className={cn("py-1 font-mono text-xs break-all", isChanged ? "bg-green-50 text-green-900" : "text-slate-700")}>{now}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
