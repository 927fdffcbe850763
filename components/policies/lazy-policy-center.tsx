"use client";
import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/layout/load-states";

// The policy list, its dialogs and their form code load right after the page is interactive: on the server they
// could only render their loading state (the policies come from react-query), so the /api client, zod schemas
// and react-hook-form stay out of the page's first-load JS while the regions table paints at once.
export const LazyPolicyCenter = dynamic(() => import("@/components/policies/policy-center").then((m) => m.PolicyCenter), {
  ssr: false,
  loading: () => <LoadingRows label="Loading backup policies…" className="mb-10 grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />,
});
