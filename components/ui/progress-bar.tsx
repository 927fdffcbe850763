/** A labelled progress bar (0–100) with the percentage beside it. */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="flex min-w-40 items-center gap-2">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full bg-blue-700 transition-[width]" style={{ width: `${value}%` }} />
      </div>
      <span className="w-10 text-right text-xs text-slate-700">{value}%</span>
    </div>
  );
}
