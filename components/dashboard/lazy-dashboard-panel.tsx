"use client";
import dynamic from "next/dynamic";
import { DashboardSkeleton } from "@/components/dashboard/dashboard-skeleton";

/**
 * The dashboard, loaded right after the page is interactive: the server could only ever render its skeleton
 * (the figures come from react-query), so its code (the /api client, zod schemas, cards) stays out of the
 * page's first-load JS and the skeleton paints as before.
 */
export const LazyDashboardPanel = dynamic(
  () => import("@/components/dashboard/dashboard-panel").then((m) => m.DashboardPanel),
  { ssr: false, loading: () => <DashboardSkeleton /> },
);
