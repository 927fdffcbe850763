import { instanceListQuerySchema, instanceListSchema } from "@/lib/schemas/instances";
import { regionParamsSchema } from "@/lib/schemas/regions";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { withRoute } from "@/lib/server/http/with-route";
import { searchInstances } from "@/lib/server/inventory/search-instances";

// GET /api/regions/:regionId/instances?q=&page=&pageSize= – one page of the region's ECS instances with disks and bindings
export const GET = withRoute({ access: "signed-in", params: regionParamsSchema, query: instanceListQuerySchema }, async ({ params, query }) =>
  instanceListSchema.parse(await searchInstances(getCloud(), params.regionId, query)),
);
