"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

// The plans list, loaded right after the page is interactive: on the server it could only render its loading state
// (every figure comes from react-query), so its code (the /api client, zod schemas) stays out of the page's
// first-load JS and the same skeleton paints first. One lazy component per module: a page reaches only its own
// panel's chunks, never another page's (the bundle bench counts them per visit).
export const LazyPlansPanel = dynamic(() => import("@/components/plans/plans-panel").then((m) => m.PlansPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Protection Plans" />,
});
