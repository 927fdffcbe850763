import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/server/auth/auth";

// /api/auth/* – better-auth: sign-in/email (rate limited), sign-out, get-session
const handler = (req: Request) => getAuth().handler(req);
export const { GET, POST } = toNextJsHandler(handler);
