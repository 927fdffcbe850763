// Scripts are composition roots: they load lib/server modules, which open with `import "server-only"`.
// They run under `node --conditions=react-server` (see package.json), where that import is a no-op.
import fs from "node:fs";
import { EnvError, getEnv, type Env } from "@/lib/server/env";

/** The validated env, or one clear line naming the bad variable and exit code 1. */
export function loadEnvOrExit(): Env {
  // A developer's .env fills what the shell did not set (the shell wins), as Next does for the web app.
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  try {
    return getEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Prints `message` as one line and exits 1: for configuration and start-up failures, not bugs. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
