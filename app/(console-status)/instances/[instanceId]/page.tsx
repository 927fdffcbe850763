import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LazyInstancePanel } from "@/components/instances/lazy-instance-panels";
import { PageHeader } from "@/components/layout/page-header";
import { instanceParamsSchema } from "@/lib/schemas/inventory";
import { regionOrDefault } from "@/lib/schemas/region-names";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "ECS instance" };

export default async function InstancePage({ params, searchParams }: { params: Promise<{ instanceId: string }>; searchParams: Promise<{ region?: string | string[] }> }) {
  const { instanceId } = await params;
  const regionId = regionOrDefault((await searchParams).region);
  const user = await getCurrentUserOrRedirect(`/instances/${encodeURIComponent(instanceId)}?region=${encodeURIComponent(regionId)}`);
  const parsed = instanceParamsSchema.safeParse({ regionId, instanceId });
  if (!parsed.success) notFound();
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
