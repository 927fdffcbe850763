import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LazyInstancePanel } from "@/components/instances/lazy-instance-panel";
import { PageHeader } from "@/components/layout/page-header";
import { instanceParamsSchema } from "@/lib/schemas/instances";
import { regionOrDefault } from "@/lib/schemas/region-names";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getLogger } from "@/lib/server/log/logger";
import { ApiError } from "@/lib/server/http/api-error";
import { getInstanceOrThrow } from "@/lib/server/instances/get-instances-by-ids";

/**
 * The instance's name; `null` only when ECS says there is no such instance in the region. Cloud trouble is shown
 * by the panel, with a retry, under the id.
 */
async function instanceNameOf(regionId: string, instanceId: string): Promise<string | null> {
  try {
    return (await getInstanceOrThrow(getCloud(), regionId, instanceId)).instanceName;
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") return null;
    getLogger().warn({ err, regionId, instanceId }, "instance page: could not look the instance up");
    return instanceId;
  }
}

export const metadata: Metadata = { title: "ECS instance" };

export default async function InstancePage({ params, searchParams }: { params: Promise<{ instanceId: string }>; searchParams: Promise<{ region?: string | string[] }> }) {
  const { instanceId } = await params;
  const regionId = regionOrDefault((await searchParams).region);
  const user = await getCurrentUserOrRedirect(`/instances/${encodeURIComponent(instanceId)}?region=${encodeURIComponent(regionId)}`);
  const parsed = instanceParamsSchema.safeParse({ regionId, instanceId });
  const name = parsed.success ? await instanceNameOf(parsed.data.regionId, parsed.data.instanceId) : null;
  if (!parsed.success || name === null) notFound();
  return (
    <>
      <PageHeader
        title={name === parsed.data.instanceId ? `ECS instance ${name}` : name}
        description={
          <>
            <span className="font-mono text-xs text-slate-700" data-testid="instance-id">
              ECS instance {parsed.data.instanceId}
            </span>
            <span className="block">What application-consistent backup needs on this instance, checked live, with one-click fixes and a dry run of its scripts.</span>
          </>
        }
      />
      <LazyInstancePanel regionId={parsed.data.regionId} instanceId={parsed.data.instanceId} isAdmin={user.role === "admin"} />
    </>
  );
}
