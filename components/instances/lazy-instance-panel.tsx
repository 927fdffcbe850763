"use client";
import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/layout/load-states";

// The instance page's assistant loads right after the page is interactive: on the server it could only render its
// loading state (everything comes from react-query), so the /api client, the zod schemas and the script editor stay
// out of the page's first-load JS.
export const LazyInstancePanel = dynamic(() => import("@/components/instances/instance-panel").then((m) => m.InstancePanel), {
  ssr: false,
  loading: () => <LoadingRows label="Loading the instance…" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />,
});
