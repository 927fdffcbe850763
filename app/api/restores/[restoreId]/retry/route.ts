import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { retryRestore } from "@/lib/server/restores/request-restore";

// POST /api/restores/:restoreId/retry – resume a Failed restore at its first step not done
export const POST = withRoute(apiRoutes.retryRestore, async ({ params, user, requestId }) =>
  retryRestore({ db: getDb(), boss: await getQueueClient() }, params.restoreId, { id: user.id, name: user.name || user.email, requestId }),
);
