import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlanDetailView } from "@/components/plans/plan-detail";
import { planIdParamsSchema } from "@/lib/schemas/plan";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Protection plan" };

export default async function PlanPage({ params }: { params: Promise<{ planId: string }> }) {
  const { planId } = await params;
  const user = await getCurrentUserOrRedirect(`/plans/${encodeURIComponent(planId)}`);
  const parsed = planIdParamsSchema.safeParse({ planId });
  if (!parsed.success) notFound();
  return <PlanDetailView planId={parsed.data.planId} isAdmin={user.role === "admin"} />;
}
