"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

// The plans list and the wizard, loaded right after the page is interactive: on the server they could only
// render their loading state (every figure comes from react-query), so their code (the /api client, zod schemas,
// react-hook-form) stays out of the page's first-load JS and the same skeleton paints first.

export const LazyPlansPanel = dynamic(() => import("@/components/plans/plans-panel").then((m) => m.PlansPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Protection Plans" />,
});

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

// A plan's page: the same skeleton the page shows while the plan loads.
export const LazyPlanDetailView = dynamic(() => import("@/components/plans/plan-detail").then((m) => m.PlanDetailView), {
  ssr: false,
  loading: () => <PageSkeleton title="Protection plan" variant="panel" />,
});
