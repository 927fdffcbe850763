import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function AlertsLoading() {
  return <PageSkeleton title="Alerts" variant="table" />;
}
