import { regionListSchema } from "@/lib/schemas/regions";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { withRoute } from "@/lib/server/http/with-route";
import { listRegions } from "@/lib/server/inventory/list-regions";

// GET /api/regions – the account's regions with policy and application-consistency support
export const GET = withRoute({ access: "signed-in" }, async () => regionListSchema.parse({ regions: await listRegions(getCloud()) }));
