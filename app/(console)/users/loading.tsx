import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function UsersLoading() {
  return <PageSkeleton title="Users" variant="table" />;
}
