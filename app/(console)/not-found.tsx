import { PageNotFound } from "@/components/layout/page-not-found";

export default function ConsoleNotFound() {
  return <PageNotFound />;
}
