import "server-only";
import pino from "pino";
import { getEnv } from "@/lib/server/env";

// Structured JSON logs, one line per event, on stdout.
const globalForLog = globalThis as unknown as { hbrLogger?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLog.hbrLogger ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: getEnv().HBR_PROCESS },
    redact: { paths: ["*.password", "*.headers.cookie", "*.headers.authorization"], censor: "[redacted]" },
  });
  return globalForLog.hbrLogger;
}
