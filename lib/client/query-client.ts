import { isServer, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiClientError } from "@/lib/client/api-fetch";

const MAX_RETRIES = 2;

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(err) {
        // The session ended (expired, signed out in another tab, account disabled): back to sign-in.
        if (!isServer && err instanceof ApiClientError && err.status === 401) {
          const next = `${window.location.pathname}${window.location.search}`;
          window.location.replace(`/sign-in?next=${encodeURIComponent(next)}`);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will answer the same again; only network errors and 5xx are worth retrying.
        retry: (failureCount, err) =>
          failureCount < MAX_RETRIES && !(err instanceof ApiClientError && err.status >= 400 && err.status < 500),
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
