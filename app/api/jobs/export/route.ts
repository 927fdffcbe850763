import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { jobsListCsv } from "@/lib/server/jobs-list/list-jobs";

// GET /api/jobs/export – the jobs the same filters as GET /api/jobs match, as CSV downloaded as backup-jobs.csv
export const GET = withRoute(apiRoutes.exportJobs, async ({ query }) => {
  const csv = await jobsListCsv(getDb(), query);
  return new Response(csv, {
    status: 200,
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="backup-jobs.csv"` },
  });
});
