import "server-only";
import { createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { getEnv } from "@/lib/server/env";
import { getLogger } from "@/lib/server/log/logger";

const globalForCloud = globalThis as unknown as { hbrCloud?: CloudClients };

/** The process-wide cloud clients; retries are logged. */
export function getCloud(): CloudClients {
  globalForCloud.hbrCloud ??= createCloudClients(getEnv(), {
    onRetry: ({ product, action, attempt, delayMs, error }) =>
      getLogger().warn({ product, action, attempt, delayMs: Math.round(delayMs), code: error.code, requestId: error.requestId }, "cloud call retried"),
  });
  return globalForCloud.hbrCloud;
}
