import "server-only";
import pino from "pino";
import { getEnv } from "@/lib/server/env";

// Structured JSON logs, one line per event, on stdout.
const globalForLog = globalThis as unknown as { hbrLogger?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLog.hbrLogger ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: getEnv().HBR_PROCESS },
    redact: {
      // Alert channels: a webhook's URL and signing secret (and their ciphers), the SMTP password.
      paths: ["*.password", "*.headers.cookie", "*.headers.authorization", "*.secret", "*.url", "*.urlCipher", "*.secretCipher", "*.auth.pass", "*.SMTP_PASSWORD"],
      censor: "[redacted]",
    },
  });
  return globalForLog.hbrLogger;
}
