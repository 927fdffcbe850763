import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { cancelRestore } from "@/lib/server/restores/request-restore";

// POST /api/restores/:restoreId/cancel – cancel a Pending or Running restore
export const POST = withRoute(apiRoutes.cancelRestore, async ({ params, user, requestId }) =>
  cancelRestore({ db: getDb(), boss: await getQueueClient(), cloud: getCloud() }, params.restoreId, { id: user.id, name: user.name || user.email, requestId }),
);
