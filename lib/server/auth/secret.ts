import "server-only";
import path from "node:path";
import { readOrCreateSecretFile } from "@/lib/server/secrets/secret-file";
import { getEnv } from "@/lib/server/env";

/**
 * BETTER_AUTH_SECRET when set; otherwise a random secret kept in DATA_DIR, made on first start, so sessions
 * survive restarts without anyone having to invent a secret.
 */
export function getAuthSecret(): string {
  const env = getEnv();
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  return readOrCreateSecretFile(path.resolve(env.DATA_DIR, "auth-secret"));
}
