"use client";
import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/layout/load-states";
import { PageSkeleton } from "@/components/layout/page-skeleton";

// The instances list and the instance page's assistant load right after the page is interactive: on the server
// they could only render their loading state (everything comes from react-query), so the /api client, the zod
// schemas and the script editor stay out of the pages' first-load JS.

export const LazyInstancesPanel = dynamic(() => import("@/components/instances/instances-panel").then((m) => m.InstancesPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="ECS Instances" />,
});

export const LazyInstancePanel = dynamic(() => import("@/components/instances/instance-panel").then((m) => m.InstancePanel), {
  ssr: false,
  loading: () => <LoadingRows label="Loading the instance…" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />,
});
