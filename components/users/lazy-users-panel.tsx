"use client";
import dynamic from "next/dynamic";
import { PageSkeleton } from "@/components/layout/page-skeleton";

/**
 * The users list and its dialogs, loaded right after the page is interactive: on the server they could only render
 * their loading state (the users come from react-query), so their code (the /api client, zod schemas,
 * react-hook-form, Radix dialogs and menus) stays out of the page's first-load JS and the same skeleton paints first.
 */
export const LazyUsersPanel = dynamic(() => import("@/components/users/users-panel").then((m) => m.UsersPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Users" />,
});
