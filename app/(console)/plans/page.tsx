import type { Metadata } from "next";
import Link from "next/link";
import { Plus, ShieldCheck } from "lucide-react";
import { PageHeader } from "@/components/layout/page-header";
import { regionNameOf } from "@/lib/schemas/regions";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { regionOrDefault } from "@/lib/schemas/regions";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Protection Plans" };

export default async function PlansPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const user = await getCurrentUserOrRedirect("/plans");
  const region = regionOrDefault((await searchParams).region);
  const regionName = regionNameOf(region);
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader
        title="Protection Plans"
        description={`ECS backup plans in ${regionName}.`}
        actions={
          isAdmin ? (
            <Link href={`/plans/new?${new URLSearchParams({ region })}`} className={buttonVariants()}>
              <Plus aria-hidden="true" />
              Add ECS Backup
            </Link>
          ) : null
        }
      />
      <EmptyState
        icon={<ShieldCheck />}
        title="No protection plans yet"
        description={
          isAdmin
            ? "Use Add ECS Backup to choose ECS instances and a backup schedule."
            : "Only admins can add protection plans. Plans created in this region will be listed here."
        }
      />
    </>
  );
}
