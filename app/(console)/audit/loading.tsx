import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function AuditLoading() {
  return <PageSkeleton title="Audit log" variant="table" />;
}
