import { getDb } from "@/lib/server/db/client";
import { getEnv } from "@/lib/server/env";
import { getHealth } from "@/lib/server/health/get-health";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute, withStatus } from "@/lib/server/http/with-route";

export const dynamic = "force-dynamic";

// GET /api/health – readiness of the database, the queue (a recent worker heartbeat) and the cloud
export const GET = withRoute(apiRoutes.health, async () => {
  const health = await getHealth(getDb(), getEnv());
  // 503 until ready, so load balancers and `npm test` wait for a worker, not only for the web process.
  return withStatus(health, health.status === "ok" ? 200 : 503);
});
