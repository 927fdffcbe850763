import { auditListQuerySchema, auditListSchema } from "@/lib/schemas/audit";
import { listAudit } from "@/lib/server/audit/list-audit";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";

// GET /api/audit – who changed what and when, with before/after, filtered and paged (viewers read it too)
export const GET = withRoute({ access: "signed-in", query: auditListQuerySchema }, async ({ query }) =>
  auditListSchema.parse(await listAudit(getDb(), query)),
);
