/**
 * Standalone emulator entry: `node --import tsx emulator/main.ts [--in-memory]`.
 * Env: EMULATOR_PORT (8787), EMULATOR_HOST (127.0.0.1), EMULATOR_ACCESS_KEY_ID / EMULATOR_ACCESS_KEY_SECRET (dev key),
 * EMULATOR_ADMIN_TOKEN, EMULATOR_SCENARIO, DATA_DIR (state in $DATA_DIR/emulator), EMULATOR_TIME_SCALE.
 */
import path from "node:path";
import { DEV_ACCESS_KEY_ID, startEmulator } from "./server.ts";

const env = process.env;
const inMemory = process.argv.includes("--in-memory");
const timeScale = Number(env.EMULATOR_TIME_SCALE ?? "1");
if (!Number.isFinite(timeScale) || timeScale <= 0) {
  console.error(`EMULATOR_TIME_SCALE must be a positive number, got "${env.EMULATOR_TIME_SCALE}"`);
  process.exit(1);
}

try {
  const running = await startEmulator({
    port: Number(env.EMULATOR_PORT ?? "8787"),
    host: env.EMULATOR_HOST ?? "127.0.0.1",
    accessKeyId: env.EMULATOR_ACCESS_KEY_ID || undefined,
    accessKeySecret: env.EMULATOR_ACCESS_KEY_SECRET || undefined,
    adminToken: env.EMULATOR_ADMIN_TOKEN || undefined,
    scenario: env.EMULATOR_SCENARIO || undefined,
    dataDir: env.DATA_DIR ?? path.resolve(".data"),
    inMemory,
    timeScale,
  });
  const store = inMemory ? "in memory" : path.join(env.DATA_DIR ?? path.resolve(".data"), "emulator");
  console.log(`[emulator] HBR/ECS/RAM emulator listening on ${running.url} (key ${env.EMULATOR_ACCESS_KEY_ID || DEV_ACCESS_KEY_ID}, state ${store})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    console.log(`[emulator] stopped on ${signal}, state saved`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
  console.error(`[emulator] ${(error as Error).message}`);
  process.exit(1);
}
