import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/server/auth/auth";
import { forgetSession } from "@/lib/server/auth/session";

// /api/auth/* – better-auth: sign-in/email (rate limited), sign-out, get-session
const handler = (req: Request) => {
  // A signed-out session must not live on in the session cache.
  if (new URL(req.url).pathname.endsWith("/sign-out")) forgetSession(req.headers);
  return getAuth().handler(req);
};
export const { GET, POST } = toNextJsHandler(handler);
