import { PageNotFound } from "@/components/layout/page-not-found";

export default function InstancesNotFound() {
  return <PageNotFound message="This page does not exist." />;
}
