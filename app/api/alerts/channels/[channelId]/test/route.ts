import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { testChannel } from "@/lib/server/alerts/alerts-api";

// POST /api/alerts/channels/:channelId/test – queue a test notice (202 with the delivery; the log shows its result)
export const POST = withRoute(apiRoutes.testAlertChannel, async ({ params, user, requestId }) =>
  testChannel({ db: getDb(), boss: await getQueueClient() }, params.channelId, { id: user.id, requestId }),
);
