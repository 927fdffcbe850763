import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function PlansLoading() {
  return <PageSkeleton title="Protection Plans" variant="table" />;
}
