"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

/**
 * The audit log, loaded right after the page is interactive: on the server it could only render its loading state
 * (the events come from react-query), so its code (the /api client, zod schemas, the diff view) stays out of the
 * page's first-load JS and the same skeleton paints first.
 */
export const LazyAuditPanel = dynamic(() => import("@/components/audit/audit-panel").then((m) => m.AuditPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Audit log" />,
});
