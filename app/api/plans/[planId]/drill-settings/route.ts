import { getDb } from "@/lib/server/db/client";
import { getDrillSettings, updateDrillSettings } from "@/lib/server/drills/drill-settings";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/plans/:planId/drill-settings – the plan's drill schedule and probe
export const GET = withRoute(apiRoutes.getDrillSettings, async ({ params }) => getDrillSettings(getDb(), params.planId));

// PUT /api/plans/:planId/drill-settings – set the weekly drill schedule and the probe
export const PUT = withRoute(apiRoutes.updateDrillSettings, async ({ params, body, user, requestId }) => updateDrillSettings(getDb(), params.planId, body, { id: user.id, requestId }));
