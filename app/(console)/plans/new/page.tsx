import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { regionNameOf } from "@/lib/schemas/regions";
import { buttonVariants } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { regionOrDefault } from "@/lib/schemas/regions";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Create ECS Protection Plan" };

export default async function NewPlanPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const user = await getCurrentUserOrRedirect("/plans/new");
  const region = regionOrDefault((await searchParams).region);
  const regionName = regionNameOf(region);
  const backLink = (
    <Link href={`/plans?${new URLSearchParams({ region })}`} className={buttonVariants({ variant: "secondary" })}>
      Back to Protection Plans
    </Link>
  );

  if (user.role !== "admin") {
    return (
      <>
        <PageHeader title="Create ECS Protection Plan" />
        <div className="grid justify-items-start gap-4">
          <Callout tone="warning">Only admins can create protection plans. Ask an admin to change your role.</Callout>
          {backLink}
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Create ECS Protection Plan" description={`Region: ${regionName}`} />
      <div className="grid justify-items-start gap-4">
        <Callout tone="info" className="max-w-prose">
          The plan wizard is not built yet; it arrives with the next release. It will walk you through choosing ECS
          instances, the backup schedule and retention, application-consistent backup and replication to another
          region. Nothing can be created from this page today.
        </Callout>
        {backLink}
      </div>
    </>
  );
}
