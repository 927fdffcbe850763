import { getDb } from "@/lib/server/db/client";
import { getEnv } from "@/lib/server/env";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { createChannel, listChannels } from "@/lib/server/alerts/alerts-api";

// GET /api/alerts/channels – channels without their secrets; POST – add one (a webhook's secret is answered once)
export const GET = withRoute(apiRoutes.listAlertChannels, async () => listChannels(getDb(), Boolean(getEnv().SMTP_HOST)));

export const POST = withRoute(apiRoutes.createAlertChannel, async ({ body, user, requestId }) => createChannel(getDb(), body, { id: user.id, requestId }));
