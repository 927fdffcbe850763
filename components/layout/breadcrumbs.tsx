"use client";
import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { labelOfPath } from "@/components/layout/nav-items";
import { useRegion } from "@/components/layout/use-region";

/** One crumb per path prefix that has a known page: /plans/new → Protection Plans › Create ECS Protection Plan. */
export function Breadcrumbs() {
  const pathname = usePathname();
  const { withRegion } = useRegion();
  const segments = pathname.split("/").filter(Boolean);
  const crumbs = segments.flatMap((_, i) => {
    const href = `/${segments.slice(0, i + 1).join("/")}`;
    const label = labelOfPath(href);
    return label ? [{ href, label }] : [];
  });
  if (crumbs.length === 0) return null;
  return (
    <nav aria-label="Breadcrumb" className="mb-4">
      <ol className="flex flex-wrap items-center gap-1.5 text-sm text-slate-600">
        {crumbs.map((crumb, i) => {
          const isLast = i === crumbs.length - 1;
          return (
            <li key={crumb.href} className="flex items-center gap-1.5">
              {isLast ? (
                <span aria-current="page" className="font-medium text-slate-900">
                  {crumb.label}
                </span>
              ) : (
                <>
                  <Link
                    href={withRegion(crumb.href)}
                    className="rounded-sm underline-offset-4 hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
                  >
                    {crumb.label}
                  </Link>
                  <ChevronRight className="size-3.5" aria-hidden="true" />
                </>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
