import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="grid max-w-md gap-4 text-center">
        <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
        <p className="text-slate-600">There is nothing at this address.</p>
        <div>
          <Link href="/dashboard" className={buttonVariants({ variant: "secondary" })}>
            Go to Dashboard
          </Link>
        </div>
      </div>
    </main>
  );
}
