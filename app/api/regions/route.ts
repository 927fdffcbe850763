import { getCloud } from "@/lib/server/cloud/get-cloud";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listRegions } from "@/lib/server/regions/list-regions";

// GET /api/regions – the account's regions with policy and application-consistency support
export const GET = withRoute(apiRoutes.listRegions, async () => ({ regions: await listRegions(getCloud()) }));
