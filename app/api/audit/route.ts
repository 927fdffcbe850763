import { listAudit } from "@/lib/server/audit/list-audit";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/audit – who changed what and when, with before/after, filtered and paged (viewers read it too)
export const GET = withRoute(apiRoutes.audit, async ({ query }) => listAudit(getDb(), query));
