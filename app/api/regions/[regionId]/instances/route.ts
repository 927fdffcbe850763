import { getCloud } from "@/lib/server/cloud/get-cloud";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { searchInstances } from "@/lib/server/instances/search-instances";

// GET /api/regions/:regionId/instances?q=&status=&zoneId=&tag=&osType=&page=&pageSize= – one page of the region's ECS instances with disks and bindings
export const GET = withRoute(apiRoutes.listInstances, async ({ params, query }) => searchInstances(getCloud(), params.regionId, query));
