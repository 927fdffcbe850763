"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

// The Restore Center loads after the page is interactive (everything comes from react-query), so react-hook-form,
// the zod schemas and the /api client stay out of the page's first-load JS.
export const LazyRestoresPanel = dynamic(() => import("@/components/restores/restores-panel").then((m) => m.RestoresPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Restore Center" />,
});
