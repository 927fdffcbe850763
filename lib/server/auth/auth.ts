import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";
import { getDb } from "@/lib/server/db/client";
import { getEnv, trustedOrigins } from "@/lib/server/env";
import { getLogger } from "@/lib/server/log/logger";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/auth/client-address";
import { getAuthSecret } from "@/lib/server/auth/secret";

// The console's two roles. Viewers get no better-auth admin permission; every mutating /api route also
// requires the admin role itself (lib/server/http/with-route.ts).
const ac = createAccessControl(defaultStatements);
const authRoles = { admin: ac.newRole(adminAc.statements), viewer: ac.newRole({ user: [], session: [] }) };

function createAuth() {
  const env = getEnv();
  const baseURL = env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  const window = env.AUTH_RATE_LIMIT_WINDOW_S;
  const max = env.AUTH_RATE_LIMIT_MAX;
  return betterAuth({
    appName: "HBR Console",
    baseURL,
    secret: getAuthSecret(),
    trustedOrigins: trustedOrigins(env),
    database: prismaAdapter(getDb(), { provider: "postgresql" }),
    // Accounts are made by admins on the Users page, never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window,
      max: max * 10,
      customRules: { "/sign-in/email": { window, max } },
    },
    advanced: {
      useSecureCookies: env.SECURE_COOKIES ?? baseURL.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      database: { generateId: () => crypto.randomUUID() },
      // Rate limits and sessions key on the client address resolved from the TCP peer (and X-Forwarded-For only
      // from TRUSTED_PROXIES) by lib/server/auth/handler.ts, never on a header the client wrote itself.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    // better-auth's own messages ("Invalid password", …) go to the structured log, not raw stderr.
    logger: {
      log: (level, message, ...args) => getLogger().child({ component: "auth" })[level]({ args }, message),
    },
    plugins: [admin({ ac, roles: authRoles, defaultRole: "viewer", adminRoles: ["admin"] }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { hbrAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.hbrAuth ??= createAuth();
  return globalForAuth.hbrAuth;
}
