import { NextResponse } from "next/server";
import { getDb } from "@/lib/server/db/client";
import { getEnv } from "@/lib/server/env";
import { getHealth } from "@/lib/server/health/get-health";
import { withRoute } from "@/lib/server/http/with-route";

export const dynamic = "force-dynamic";

// GET /api/health – readiness of the database, the queue (a recent worker heartbeat) and the cloud
export const GET = withRoute({ access: "public" }, async () => {
  const health = await getHealth(getDb(), getEnv());
  // 503 until ready, so load balancers and `npm test` wait for a worker, not only for the web process.
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
});
