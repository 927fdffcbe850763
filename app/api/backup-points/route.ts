import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listBackupPoints } from "@/lib/server/restores/backup-points";

// GET /api/backup-points?instanceId=&planId=&regionId= – backup points that can be restored, newest first
export const GET = withRoute(apiRoutes.listBackupPoints, async ({ query }) => listBackupPoints({ db: getDb(), cloud: getCloud() }, query));
