"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

// A plan's page, loaded right after the page is interactive: on the server it could only render its loading state
// (the plan comes from react-query), so its code (the /api client, zod schemas, actions, drills, backup points)
// stays out of the page's first-load JS, behind the same skeleton the page shows while the plan loads.
export const LazyPlanDetailView = dynamic(() => import("@/components/plans/plan-detail").then((m) => m.PlanDetailView), {
  ssr: false,
  loading: () => <PageSkeleton title="Protection plan" variant="panel" />,
});
