import type { ReactNode } from "react";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { RegionSelect } from "@/components/layout/region-select";
import { HomeLink, SidebarNav } from "@/components/layout/sidebar-nav";
import { UserMenu } from "@/components/layout/user-menu";
import type { SessionUser } from "@/lib/schemas/user";

export const MAIN_CONTENT_ID = "main-content";

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href={`#${MAIN_CONTENT_ID}`}
        className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-medium text-blue-800 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:outline-2 focus:outline-blue-700"
      >
        Skip to content
      </a>
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4">
        <HomeLink />
        <div className="flex items-center gap-2 sm:gap-4">
          <RegionSelect />
          <UserMenu user={user} />
        </div>
      </header>
      <div className="flex flex-1 flex-col md:flex-row">
        <div className="shrink-0 border-b border-slate-200 bg-white p-3 md:w-60 md:border-r md:border-b-0">
          <SidebarNav role={user.role} />
        </div>
        <main id={MAIN_CONTENT_ID} tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8">
          <div className="mx-auto max-w-6xl">
            <Breadcrumbs />
            {children}
          </div>
        </main>
      </div>
    </div>
  );
}
