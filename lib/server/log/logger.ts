import "server-only";
import pino from "pino";
import { getEnv } from "@/lib/server/env";

// Structured JSON logs, one line per event, on stdout.

/** Never logged: passwords, cookies, auth headers; alert channels' webhook URL and signing secret (and their ciphers), the SMTP password. */
export const LOG_REDACTION = {
  paths: ["*.password", "*.headers.cookie", "*.headers.authorization", "secret", "*.secret", "*.url", "*.urlCipher", "*.secretCipher", "*.auth.pass", "*.SMTP_PASSWORD"],
  censor: "[redacted]",
};
const globalForLog = globalThis as unknown as { hbrLogger?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLog.hbrLogger ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: getEnv().HBR_PROCESS },
    redact: LOG_REDACTION,
  });
  return globalForLog.hbrLogger;
}
