"use client";
import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { isWithin, navItems } from "@/components/layout/nav-items";
import { useRegion } from "@/components/layout/use-region";
import type { Role } from "@/lib/schemas/user";
import { cn } from "@/lib/utils";

export function SidebarNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const { withRegion } = useRegion();
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1 overflow-x-auto md:flex-col">
        {navItems.filter((item) => !item.adminOnly || role === "admin").map(({ href, label, icon: Icon }) => {
          const isCurrent = pathname === href;
          const isActive = isWithin(pathname, href);
          return (
            <li key={href}>
              <Link
                href={withRegion(href)}
                // "page" on the page itself; "true" on the section when a page below it is open.
                aria-current={isCurrent ? "page" : isActive ? "true" : undefined}
                className={cn(
                  "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700",
                  isActive && "bg-blue-50 text-blue-800 hover:bg-blue-100 hover:text-blue-900",
                )}
              >
                <Icon className="size-4 shrink-0" aria-hidden="true" />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The product name in the top bar, a link home that keeps the region. */
export function HomeLink() {
  const { withRegion } = useRegion();
  return (
    <Link
      href={withRegion("/dashboard")}
      className="flex items-center gap-2 rounded-sm font-semibold whitespace-nowrap text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
    >
      <ShieldCheck className="size-5 text-blue-700" aria-hidden="true" />
      HBR Console
    </Link>
  );
}
