"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The last URL this page asked for and the address it was asked from. `router.replace` commits the new address
 * a little later (a transition), so a second change made before that (a search box settling right after "Clear
 * filters") must build on the URL already asked for, not on the address bar that still shows the old one.
 */
let lastReplace: { pathname: string; from: string; to: string } | null = null;

/** The search params the next change builds on: the address bar, or a replace still on its way to it. */
export function baseSearch(pathname: string, current: string, last: typeof lastReplace): string {
  return last && last.pathname === pathname && last.from === current ? last.to : current;
}

/** List state in the URL: the current search params, and a replace that sets (or, when empty, drops) keys. */
export function useUrlParams() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const replaceParams = useCallback(
    (patch: Record<string, string | undefined>) => {
      // The address bar (or the replace not yet committed to it), not the hook's value: two quick changes must not
      // undo each other.
      const current = typeof window === "undefined" ? searchParams.toString() : window.location.search.replace(/^\?/, "");
      const params = new URLSearchParams(baseSearch(pathname, current, lastReplace));
      for (const [key, value] of Object.entries(patch)) {
        if (value) params.set(key, value);
        else params.delete(key);
      }
      lastReplace = { pathname, from: current, to: params.toString() };
      router.replace(`${pathname}?${params}`, { scroll: false });
    },
    [pathname, router, searchParams],
  );
  return { searchParams, replaceParams };
}
