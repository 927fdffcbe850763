"use client";
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

// The wizard, loaded right after the page is interactive: its code (the /api client, zod schemas, react-hook-form)
// stays out of the page's first-load JS while the page's own header paints at once.
export const LazyPlanWizard = dynamic(() => import("@/components/plans/wizard/plan-wizard").then((m) => m.PlanWizard), {
  ssr: false,
  // The page's own header stays; only the wizard's place is held.
  loading: () => (
    <div aria-busy="true" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <p className="sr-only" role="status">
        Loading…
      </p>
      <Skeleton className="h-8 w-2/3" />
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  ),
});
