import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function PlanLoading() {
  return <PageSkeleton title="Protection plan" variant="panel" />;
}
