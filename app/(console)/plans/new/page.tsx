import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { LazyPlanWizard } from "@/components/plans/wizard/lazy-plan-wizard";
import { buttonVariants } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { preselectedInstancesSchema } from "@/lib/schemas/coverage";
import { labels } from "@/lib/schemas/labels";
import { regionNameOf, regionOrDefault } from "@/lib/schemas/region-names";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: labels.createPlan };

export default async function NewPlanPage({ searchParams }: { searchParams: Promise<{ region?: string | string[]; instances?: string | string[] }> }) {
  const params = await searchParams;
  const region = regionOrDefault(params.region);
  // Opened from Coverage's Protect: the instances to start with (the wizard checks each one live).
  const instancesParam = typeof params.instances === "string" ? params.instances : undefined;
  const preselection = instancesParam === undefined ? null : preselectedInstancesSchema.safeParse(instancesParam);
  const preselected = preselection?.success ? preselection.data : [];
  const preselectionError = preselection && !preselection.success ? (preselection.error.issues[0]?.message ?? "Not a list of instance ids") : null;
  const user = await getCurrentUserOrRedirect(`/plans/new?${new URLSearchParams({ region, ...(instancesParam ? { instances: instancesParam } : {}) })}`);

  if (user.role !== "admin") {
    return (
      <>
        <PageHeader title={labels.createPlan} />
        <div className="grid justify-items-start gap-4">
          <Callout tone="warning">Only admins can create protection plans. Ask an admin to change your role.</Callout>
          <Link href={`/plans?${new URLSearchParams({ region })}`} className={buttonVariants({ variant: "secondary" })}>
            Back to Protection Plans
          </Link>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader title={labels.createPlan} description={`Region: ${regionNameOf(region)}`} />
      {preselectionError ? (
        <Callout tone="warning" className="mb-4" data-testid="preselection-error">
          The instances in the link were not preselected: {preselectionError}.
        </Callout>
      ) : null}
      {/* A new region is a new plan: the wizard starts over rather than keep instances of another region. */}
      <LazyPlanWizard key={`${region}|${preselected.join(",")}`} regionId={region} preselected={preselected} />
    </>
  );
}
