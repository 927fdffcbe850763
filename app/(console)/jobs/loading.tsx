import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function JobsLoading() {
  return <PageSkeleton title="Jobs" variant="table" />;
}
