import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { updateUser } from "@/lib/server/users/update-user";

// PATCH /api/users/:userId – an admin sets a user's role or disables/enables them
export const PATCH = withRoute(apiRoutes.updateUser, async ({ params, body, user, requestId }) => updateUser(getDb(), params.userId, body, { id: user.id, requestId }));
