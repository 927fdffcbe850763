import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { parseEnv, type Env } from "@/lib/server/env";

/**
 * The real emulator program, in this process, on a free port with in-memory state: the console's clients reach
 * it over HTTP with signed requests, exactly as in production. Returns the env that points the console at it.
 */
export async function startTestEmulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ emulator: RunningEmulator; env: Env }> {
  const emulator = await startEmulator({ port: 0, inMemory: true, timeScale: 50, ...options });
  const env = parseEnv({ ...process.env, EMULATOR_PORT: String(emulator.port), CLOUD_RETRY_BASE_MS: "10" });
  return { emulator, env };
}
