import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { createRestore, listRestores } from "@/lib/server/restores/request-restore";

// GET /api/restores – restores, newest first
export const GET = withRoute(apiRoutes.listRestores, async ({ query }) => listRestores(getDb(), query));

// POST /api/restores – check and queue a restore (carried out by the worker: 202)
export const POST = withRoute(apiRoutes.createRestore, async ({ body, user, requestId }) =>
  createRestore({ db: getDb(), boss: await getQueueClient(), cloud: getCloud() }, body, { id: user.id, name: user.name || user.email, requestId }),
);
