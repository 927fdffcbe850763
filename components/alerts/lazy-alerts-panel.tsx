"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

/**
 * Alerts, rules and channels, loaded right after the page is interactive: on the server they could only render
 * their loading state (everything comes from react-query), so their code (the /api client, zod schemas,
 * react-hook-form, dialogs) stays out of the page's first-load JS and the same skeleton paints first.
 */
export const LazyAlertsPanel = dynamic(() => import("@/components/alerts/alerts-panel").then((m) => m.AlertsPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Alerts" />,
});
