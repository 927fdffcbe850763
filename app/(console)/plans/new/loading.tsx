import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function NewPlanLoading() {
  return <PageSkeleton title="Create ECS Protection Plan" variant="panel" />;
}
