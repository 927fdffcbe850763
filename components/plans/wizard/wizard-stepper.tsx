import { Check } from "lucide-react";
import { wizardSteps, type WizardStepId } from "@/lib/schemas/labels";
import { cn } from "@/lib/utils";

/** Where the user is among the five steps; the current one carries aria-current="step". */
export function WizardStepper({ current }: { current: WizardStepId }) {
  const currentIndex = wizardSteps.findIndex((s) => s.id === current);
  return (
    <nav aria-label="Wizard steps" className="mb-6">
      <ol className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {wizardSteps.map((step, i) => {
          const isCurrent = i === currentIndex;
          const isDone = i < currentIndex;
          return (
            <li key={step.id} aria-current={isCurrent ? "step" : undefined} className="flex items-center gap-2">
              <span
                aria-hidden="true"
                className={cn(
                  "flex size-6 items-center justify-center rounded-full border text-xs font-semibold",
                  isCurrent && "border-blue-700 bg-blue-700 text-white",
                  isDone && "border-blue-700 bg-white text-blue-700",
                  !isCurrent && !isDone && "border-slate-300 bg-white text-slate-600",
                )}
              >
                {isDone ? <Check className="size-3.5" /> : i + 1}
              </span>
              <span className={cn(isCurrent ? "font-semibold text-slate-900" : "text-slate-700")}>
                {step.label}
                {isDone ? <span className="sr-only"> (done)</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
