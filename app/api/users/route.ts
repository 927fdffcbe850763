import { getAuth } from "@/lib/server/auth/auth";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { createUser } from "@/lib/server/users/create-user";
import { listUsers } from "@/lib/server/users/list-users";

// GET /api/users – every user of the console, with their emails: admins only (docs/security.md)
export const GET = withRoute(apiRoutes.listUsers, async () => ({ users: await listUsers(getDb()) }));

// POST /api/users – an admin creates a user with a role
export const POST = withRoute(apiRoutes.createUser, async ({ body, user, requestId }) => createUser({ db: getDb(), auth: getAuth() }, body, { id: user.id, requestId }));
