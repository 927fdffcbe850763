import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/me – the signed-in user
export const GET = withRoute(apiRoutes.me, async ({ user }) => user);
