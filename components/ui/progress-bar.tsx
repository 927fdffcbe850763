import { cn } from "@/lib/utils";

/** A labelled progress bar (0–100) with the percentage beside it; `compact` for a narrow table column. */
export function ProgressBar({ percent, label, compact = false }: { percent: number; label: string; compact?: boolean }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className={cn("flex items-center gap-2", compact ? "min-w-24" : "min-w-40")}>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full bg-blue-700 transition-[width]" style={{ width: `${value}%` }} />
      </div>
      <span className="w-10 text-right text-xs text-slate-700">{value}%</span>
    </div>
  );
}
