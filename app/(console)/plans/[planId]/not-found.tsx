import { PageNotFound } from "@/components/layout/page-not-found";

export default function PlanNotFound() {
  return <PageNotFound message="This protection plan does not exist, or it was deleted." />;
}
