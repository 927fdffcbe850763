import { withRoute } from "@/lib/server/http/with-route";
import { getOpenApiDocument } from "@/lib/server/http/openapi";

// GET /api/openapi.json – the OpenAPI 3.1 document of this API, generated from its zod schemas (public: it holds no data)
export const GET = withRoute({ access: "public" }, async () => getOpenApiDocument());
