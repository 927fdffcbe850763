import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function CoverageLoading() {
  return <PageSkeleton title="Coverage" variant="table" />;
}
