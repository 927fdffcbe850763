import "server-only";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { readOrCreateSecretFile } from "@/lib/server/secrets/secret-file";

// The only module that reads process.env. Every variable is listed in .env.example.
const port = z.coerce.number().int().min(1).max(65535);
/** `ip` or `ip/prefix`, IPv4 or IPv6. */
function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
const addressList = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .refine((entries) => entries.every(isAddressOrRange), "must be a comma-separated list of IP addresses or CIDR ranges");
const booleanish = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  PG_PORT: port.default(54329),
  ADMIN_EMAIL: z.email().default("admin@hbr.local"),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The web process answers its hot API reads outside Next's request pipeline (instrumentation-fast-lane.ts).
  API_FAST_LANE: booleanish.default(true),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PUBLIC_URL: z.url().optional(),
  AUTH_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  AUTH_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).default(60),
  TRUSTED_PROXIES: addressList.default([]),
  SECURE_COOKIES: booleanish.optional(),
  // Connections per process: the web's Prisma pool, and the worker's (its Prisma pool and pg-boss's own), kept
  // small so a busy worker cannot take the connections the web needs (lib/server/db/client.ts, lib/server/jobs/boss.ts).
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  WORKER_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(4),
  WORKER_QUEUE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(2),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  HEARTBEAT_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(15),
  SYNC_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(60),
  INVENTORY_SYNC_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(60),
  CLOUD_MODE: z.enum(["emulator", "alibaba"]).default("emulator"),
  CLOUD_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  CLOUD_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  CLOUD_RETRY_BASE_MS: z.coerce.number().int().min(1).max(10_000).default(200),
  EMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  EMULATOR_PORT: port.default(8787),
  EMULATOR_ACCESS_KEY_ID: z.string().min(1).default("LTAI5tEmulatorDevKey0001"),
  EMULATOR_ACCESS_KEY_SECRET: z.string().min(1).default("EmulatorDevSecret0000000000000001"),
  EMULATOR_ADMIN_TOKEN: z.string().min(8).optional(),
  EMULATOR_SCENARIO: z.string().min(1).optional(),
  EMULATOR_TIME_SCALE: z.coerce.number().positive().max(10_000).default(1),
  HBR_PROCESS: z.enum(["web", "worker", "start", "migrate"]).default("web"),
  // Alerts (lib/server/alerts): how often the worker evaluates the rules besides after each sync, and email.
  ALERT_EVALUATE_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(15),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.default(587),
  SMTP_SECURE: booleanish.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default("HBR Console <hbr-console@localhost>"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = "EnvError";
  }
}

/** Parses a raw environment; the first problem becomes one line naming the variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? "environment");
  const shown = cleaned[variable] === undefined ? "" : ` (got "${cleaned[variable]}")`;
  throw new EnvError(variable, `${issue.message.replace(/^Invalid input: /, "")}${shown}`);
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The size of this process's Prisma pool: WORKER_DB_POOL_MAX in the worker, DB_POOL_MAX in every other process. */
export function dbPoolMax(env: Env = getEnv()): number {
  return env.HBR_PROCESS === "worker" ? env.WORKER_DB_POOL_MAX : env.DB_POOL_MAX;
}

/**
 * The database URL the app uses: DATABASE_URL, else the embedded server started by scripts/start.ts, whose
 * superuser password is generated on first use and kept in DATA_DIR/pg-password (mode 0600).
 */
export function databaseUrl(env: Env = getEnv()): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const password = readOrCreateSecretFile(path.resolve(env.DATA_DIR, "pg-password"));
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.PG_PORT}/hbr`;
}

export function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The origins the console's own pages are served from: PUBLIC_URL's when it is set, else http://HOST:PORT and
 * the loopback names on PORT (one list for better-auth's own endpoints, lib/server/auth/auth.ts, and withRoute's cross-site check).
 */
export function trustedOrigins(env: Env = getEnv()): string[] {
  const candidates = env.PUBLIC_URL
    ? [env.PUBLIC_URL]
    : [`http://${env.HOST}:${env.PORT}`, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
  return [...new Set(candidates.map(originOf).filter((o): o is string => o !== undefined))];
}

/** Where alert links point: PUBLIC_URL, else the console's own http://HOST:PORT. */
export function consoleUrl(env: Env = getEnv()): string {
  return (env.PUBLIC_URL ? originOf(env.PUBLIC_URL) : undefined) ?? trustedOrigins(env)[0] ?? `http://${env.HOST}:${env.PORT}`;
}
