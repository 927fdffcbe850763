import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function DashboardLoading() {
  return <PageSkeleton title="Dashboard" variant="panel" />;
}
