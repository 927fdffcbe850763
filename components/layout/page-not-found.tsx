import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { buttonVariants } from "@/components/ui/button";

interface PageNotFoundProps {
  message?: string;
}

/** The body of every route's not-found.tsx. */
export function PageNotFound({ message = "There is nothing at this address." }: PageNotFoundProps) {
  return (
    <div>
      <PageHeader title="Page not found" description={message} />
      <Link href="/dashboard" className={buttonVariants({ variant: "secondary" })}>
        Go to Dashboard
      </Link>
    </div>
  );
}
