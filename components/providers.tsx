"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { getQueryClient } from "@/lib/client/query-client";
import { configureZodWithoutEval } from "@/lib/client/zod-csp";

// The page's CSP has no 'unsafe-eval' (see zod-csp.ts); set before any page code parses with zod.
if (typeof window !== "undefined") configureZodWithoutEval();

export function Providers({ children }: { children: ReactNode }) {
  // Not useState: if the first render suspends, React would throw the state away and make a second client.
  const queryClient = getQueryClient();
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
