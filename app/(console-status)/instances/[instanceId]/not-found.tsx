import { PageNotFound } from "@/components/layout/page-not-found";

export default function InstanceNotFound() {
  return <PageNotFound message="There is no ECS instance with this id in this region." />;
}
