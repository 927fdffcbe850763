"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

// The instances list loads right after the page is interactive: on the server it could only render its loading
// state (everything comes from react-query), so the /api client and the zod schemas stay out of the page's
// first-load JS. Apart from the instance page's panel, so neither page reaches the other's chunks.
export const LazyInstancesPanel = dynamic(() => import("@/components/instances/instances-panel").then((m) => m.InstancesPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="ECS Instances" />,
});
