import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listJobs } from "@/lib/server/jobs-list/list-jobs";

// GET /api/jobs – every plan's backup jobs, filtered and paged, newest first (viewers read it too)
export const GET = withRoute(apiRoutes.listJobs, async ({ query }) => listJobs(getDb(), query));
