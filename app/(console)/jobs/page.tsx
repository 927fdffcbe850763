import type { Metadata } from "next";
import { LazyJobsPanel } from "@/components/jobs/lazy-jobs-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Jobs" };

// Every signed-in user reads the jobs list; it has no mutating control.
export default async function JobsPage() {
  await getCurrentUserOrRedirect("/jobs");
  return <LazyJobsPanel />;
}
