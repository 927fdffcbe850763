import { isServer, QueryCache, QueryClient } from "@tanstack/react-query";
import type { ApiClientError } from "@/lib/client/api-fetch";

const MAX_RETRIES = 2;

/** The HTTP status of an ApiClientError, recognised by name: importing the class would put the fetch wrapper and
 * its zod schemas into every page's first-load JS (this module is in the root layout). */
function statusOf(err: unknown): number | undefined {
  return err instanceof Error && err.name === "ApiClientError" ? (err as ApiClientError).status : undefined;
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(err) {
        // The session ended (expired, signed out in another tab, account disabled): back to sign-in.
        if (!isServer && statusOf(err) === 401) {
          const next = `${window.location.pathname}${window.location.search}`;
          window.location.replace(`/sign-in?next=${encodeURIComponent(next)}`);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will answer the same again; only network errors and 5xx are worth retrying.
        retry: (failureCount, err) => {
          const status = statusOf(err);
          return failureCount < MAX_RETRIES && !(status !== undefined && status >= 400 && status < 500);
        },
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server render, one for the whole life of the browser tab. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
