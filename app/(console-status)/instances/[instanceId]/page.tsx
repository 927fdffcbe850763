import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LazyInstancePanel } from "@/components/instances/lazy-instance-panels";
import { PageHeader } from "@/components/layout/page-header";
import { instanceParamsSchema } from "@/lib/schemas/instances";
import { regionOrDefault } from "@/lib/schemas/region-names";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getLogger } from "@/lib/server/log/logger";
import { instanceExists } from "@/lib/server/instances/instance-exists";

/** False only when ECS says there is no such instance in the region; cloud trouble is shown by the panel, with a retry. */
async function isKnownInstance(regionId: string, instanceId: string): Promise<boolean> {
  try {
    return await instanceExists(getCloud(), regionId, instanceId);
  } catch (err) {
    getLogger().warn({ err, regionId, instanceId }, "instance page: could not look the instance up");
    return true;
  }
}

export const metadata: Metadata = { title: "ECS instance" };

export default async function InstancePage({ params, searchParams }: { params: Promise<{ instanceId: string }>; searchParams: Promise<{ region?: string | string[] }> }) {
  const { instanceId } = await params;
  const regionId = regionOrDefault((await searchParams).region);
  const user = await getCurrentUserOrRedirect(`/instances/${encodeURIComponent(instanceId)}?region=${encodeURIComponent(regionId)}`);
  const parsed = instanceParamsSchema.safeParse({ regionId, instanceId });
  if (!parsed.success || !(await isKnownInstance(parsed.data.regionId, parsed.data.instanceId))) notFound();
  return (
    <>
      <PageHeader
        title={`ECS instance ${parsed.data.instanceId}`}
        description="What application-consistent backup needs on this instance, checked live, with one-click fixes and a dry run of its scripts."
      />
      <LazyInstancePanel regionId={parsed.data.regionId} instanceId={parsed.data.instanceId} isAdmin={user.role === "admin"} />
    </>
  );
}
