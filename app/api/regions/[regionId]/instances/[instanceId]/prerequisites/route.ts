import { getCloud } from "@/lib/server/cloud/get-cloud";
import { getDb } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { readRecordedCheck, recordCheck } from "@/lib/server/instances/record-prediction";
import { prerequisitesSchema } from "@/lib/schemas/instances";

// GET /api/regions/:regionId/instances/:instanceId/prerequisites – the application-consistency checklist and
// predicted level. Admins get a live check (it runs a Cloud Assistant command on the guest), which is recorded:
// the level becomes the instance's prediction on its application-consistent plans, and the checklist what viewers
// read. Viewers get the last recorded check, with its time, and start nothing: 404 NOT_CHECKED when none exists.
export const GET = withRoute(apiRoutes.instancePrerequisites, async ({ params, user }) => {
  if (user.role !== "admin") {
    const recorded = await readRecordedCheck(getDb(), params.regionId, params.instanceId);
    if (!recorded) throw new ApiError("NOT_FOUND", "Not checked yet: an administrator has not checked this instance's prerequisites.");
    return recorded;
  }
  // Parsed before it is recorded: what viewers read later is held to the same schema as this answer.
  const prerequisites = prerequisitesSchema.parse(await checkPrerequisites(getCloud(), params.regionId, params.instanceId));
  await recordCheck(getDb(), params.regionId, prerequisites);
  return prerequisites;
});
