import { getCloud } from "@/lib/server/cloud/get-cloud";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getRestoreOptions } from "@/lib/server/restores/restore-options";

// GET /api/regions/:regionId/restore-options?zoneId= – live choices of the restore dialog
export const GET = withRoute(apiRoutes.restoreOptions, async ({ params, query }) => getRestoreOptions(getCloud(), params.regionId, query.zoneId));
