"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** List state in the URL: the current search params, and a replace that sets (or, when empty, drops) keys. */
export function useUrlParams() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const replaceParams = useCallback(
    (patch: Record<string, string | undefined>) => {
      // The address bar, not the hook's value: two quick changes must not undo each other.
      const params = new URLSearchParams(typeof window === "undefined" ? searchParams : window.location.search);
      for (const [key, value] of Object.entries(patch)) {
        if (value) params.set(key, value);
        else params.delete(key);
      }
      router.replace(`${pathname}?${params}`, { scroll: false });
    },
    [pathname, router, searchParams],
  );
  return { searchParams, replaceParams };
}
