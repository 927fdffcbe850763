import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function RestoresLoading() {
  return <PageSkeleton title="Restore Center" variant="table" />;
}
