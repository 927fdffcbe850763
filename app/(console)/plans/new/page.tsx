import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { LazyPlanWizard } from "@/components/plans/lazy-panels";
import { buttonVariants } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { labels } from "@/lib/schemas/labels";
import { regionNameOf, regionOrDefault } from "@/lib/schemas/region-names";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: labels.createPlan };

export default async function NewPlanPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const region = regionOrDefault((await searchParams).region);
  const user = await getCurrentUserOrRedirect(`/plans/new?${new URLSearchParams({ region })}`);

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
      {/* A new region is a new plan: the wizard starts over rather than keep instances of another region. */}
      <LazyPlanWizard key={region} regionId={region} />
    </>
  );
}
