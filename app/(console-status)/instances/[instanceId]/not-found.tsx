import { PageNotFound } from "@/components/layout/page-not-found";

export default function InstanceNotFound() {
  return <PageNotFound message="This is not an ECS instance id." />;
}
