import { updateUserSchema, userIdParamsSchema } from "@/lib/schemas/user";
import { getDb } from "@/lib/server/db/client";
import { withRoute } from "@/lib/server/http/with-route";
import { updateUser } from "@/lib/server/users/update-user";

// PATCH /api/users/:userId – an admin sets a user's role or disables/enables them
export const PATCH = withRoute(
  { access: "admin", params: userIdParamsSchema, body: updateUserSchema },
  async ({ params, body, user, requestId }) => updateUser(getDb(), params.userId, body, { id: user.id, requestId }),
);
