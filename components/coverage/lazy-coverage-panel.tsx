"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

/**
 * Coverage, loaded right after the page is interactive: on the server it could only render its loading state (the
 * inventory comes from react-query), so its code (the /api client, zod schemas, filters and rows) stays out of the
 * page's first-load JS and the same skeleton paints first.
 */
export const LazyCoveragePanel = dynamic(() => import("@/components/coverage/coverage-panel").then((m) => m.CoveragePanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Coverage" />,
});
