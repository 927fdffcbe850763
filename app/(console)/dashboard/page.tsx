import type { Metadata } from "next";
import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import { PageHeader } from "@/components/layout/page-header";
import { regionNameOf } from "@/lib/schemas/regions";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { regionOrDefault } from "@/lib/schemas/regions";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

// Plans arrive with the plan wizard; until then there is nothing to summarise, so the page says so.
export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const user = await getCurrentUserOrRedirect("/dashboard");
  const region = regionOrDefault((await searchParams).region);
  const regionName = regionNameOf(region);
  return (
    <>
      <PageHeader title="Dashboard" description={`Backup activity in ${regionName}.`} />
      <EmptyState
        icon={<ShieldCheck />}
        title="No protection plans yet"
        description={
          user.role === "admin"
            ? "Create a protection plan to back up ECS instances in this region on a schedule."
            : "An admin has not created a protection plan in this region yet. Plans and their backup jobs will show here."
        }
        action={
          user.role === "admin" ? (
            <Link href={`/plans/new?${new URLSearchParams({ region })}`} className={buttonVariants()}>
              Create ECS Protection Plan
            </Link>
          ) : null
        }
      />
    </>
  );
}
