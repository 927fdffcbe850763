import { withRoute } from "@/lib/server/http/with-route";

// GET /api/me – the signed-in user
export const GET = withRoute({ access: "signed-in" }, async ({ user }) => user);
