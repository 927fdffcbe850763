import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { LazyPlanDetailView } from "@/components/plans/lazy-plan-detail";
import { planIdParamsSchema } from "@/lib/schemas/plan";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";
import { getDb } from "@/lib/server/db/client";
import { getPlanRegionId } from "@/lib/server/plans/get-plan";

export const metadata: Metadata = { title: "Protection plan" };

export default async function PlanPage({ params, searchParams }: { params: Promise<{ planId: string }>; searchParams: Promise<{ region?: string | string[] }> }) {
  const { planId } = await params;
  const user = await getCurrentUserOrRedirect(`/plans/${encodeURIComponent(planId)}`);
  const parsed = planIdParamsSchema.safeParse({ planId });
  if (!parsed.success) notFound();
  const regionId = await getPlanRegionId(getDb(), parsed.data.planId);
  if (!regionId) notFound();
  // The page's region is the plan's: a missing or other ?region= would switch the top bar (and its links) elsewhere.
  if ((await searchParams).region !== regionId) redirect(`/plans/${encodeURIComponent(parsed.data.planId)}?${new URLSearchParams({ region: regionId })}`);
  return <LazyPlanDetailView planId={parsed.data.planId} isAdmin={user.role === "admin"} />;
}
