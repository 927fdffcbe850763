import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function ConsoleLoading() {
  return <PageSkeleton title="Loading" variant="panel" />;
}
