"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

/**
 * The jobs list, loaded right after the page is interactive: on the server it could only render its loading state
 * (the jobs come from react-query), so its code (the /api client, zod schemas, filters) stays out of the page's
 * first-load JS and the same skeleton paints first.
 */
export const LazyJobsPanel = dynamic(() => import("@/components/jobs/jobs-panel").then((m) => m.JobsPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Jobs" />,
});
