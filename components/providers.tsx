"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { z } from "zod";
import { getQueryClient } from "@/lib/client/query-client";

// The CSP has no 'unsafe-eval': without this, zod's first object parse in the browser probes `new Function` (a CSP
// violation) before falling back to what jitless does anyway.
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // Not useState: if the first render suspends, React would throw the state away and make a second client.
  const queryClient = getQueryClient();
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
