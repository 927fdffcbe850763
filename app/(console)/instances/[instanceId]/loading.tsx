import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function InstanceLoading() {
  return <PageSkeleton title="ECS instance" variant="panel" />;
}
