import { apiRoutes } from "@/lib/server/http/api-routes";
import { getOpenApiDocument } from "@/lib/server/http/openapi";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/openapi.json – the OpenAPI 3.1 document of this API, generated from its zod schemas (public: it holds no data)
export const GET = withRoute(apiRoutes.openApi, async () => getOpenApiDocument());
