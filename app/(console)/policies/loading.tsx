import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function PoliciesLoading() {
  return <PageSkeleton title="Policy Center" variant="table" />;
}
