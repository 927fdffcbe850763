import { PageSkeleton } from "@/components/layout/page-skeleton";

export default function InstancesLoading() {
  return <PageSkeleton title="ECS Instances" variant="table" />;
}
