import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getRestoreOrThrow } from "@/lib/server/restores/request-restore";

// GET /api/restores/:restoreId – one restore with its steps
export const GET = withRoute(apiRoutes.getRestore, async ({ params }) => getRestoreOrThrow(getDb(), params.restoreId));
