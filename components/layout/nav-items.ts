import { ArchiveRestore, Bell, ChartPie, History, ListChecks, LayoutDashboard, ScrollText, Server, Settings, ShieldCheck, Users, type LucideIcon } from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Shown to admins only (the page tells viewers it is not for them). */
  adminOnly?: boolean;
}

export const navItems: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/coverage", label: "Coverage", icon: ChartPie },
  { href: "/plans", label: "Protection Plans", icon: ShieldCheck },
  { href: "/instances", label: "ECS Instances", icon: Server },
  { href: "/jobs", label: "Jobs", icon: ListChecks },
  { href: "/restores", label: "Restore Center", icon: ArchiveRestore },
  { href: "/policies", label: "Policy Center", icon: ScrollText },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/users", label: "Users", icon: Users, adminOnly: true },
  { href: "/audit", label: "Audit log", icon: History },
  { href: "/settings", label: "Settings", icon: Settings },
];

/** Titles of pages below the sidebar's entries, for breadcrumbs. */
export const subPageLabels: Readonly<Record<string, string>> = {
  "/plans/new": "Create ECS Protection Plan",
};

export function labelOfPath(path: string): string | undefined {
  return navItems.find((item) => item.href === path)?.label ?? subPageLabels[path];
}

/** The sidebar entry a path belongs to: its own page or one below it. */
export function isWithin(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
