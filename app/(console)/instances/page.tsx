import type { Metadata } from "next";
import { LazyInstancesPanel } from "@/components/instances/lazy-instances-panel";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "ECS Instances" };

export default async function InstancesPage() {
  await getCurrentUserOrRedirect("/instances");
  return <LazyInstancesPanel />;
}
