import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/server/auth/handler";

// /api/auth/* – better-auth: sign-in/email (rate limited per client address), sign-out, get-session
export const { GET, POST } = toNextJsHandler(handleAuthRequest);
