import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { deleteChannel, updateChannel } from "@/lib/server/alerts/alerts-api";

// PATCH /api/alerts/channels/:channelId – turn it on or off; DELETE – remove it with its delivery log
export const PATCH = withRoute(apiRoutes.updateAlertChannel, async ({ params, body, user, requestId }) =>
  updateChannel(getDb(), params.channelId, body, { id: user.id, requestId }),
);

export const DELETE = withRoute(apiRoutes.deleteAlertChannel, async ({ params, user, requestId }) => {
  await deleteChannel(getDb(), params.channelId, { id: user.id, requestId });
});
