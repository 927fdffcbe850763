import { defineConfig, type PlaywrightTestOptions, type PlaywrightWorkerOptions } from "@playwright/test";
import { admin, baseURL, e2eDataDir, e2eEmulatorPort, e2ePgPort, e2ePort, e2eSmtpPort } from "./e2e/fixtures/config";

// SIGKILL (the default) would leave PostgreSQL behind; the start script stops everything on SIGTERM.
const graceful = { signal: "SIGTERM", timeout: 20_000 } as const;

if (process.env.DATABASE_URL && !/@(127\.0\.0\.1|localhost)[:/]/.test(process.env.DATABASE_URL)) {
  throw new Error("Refusing to run end-to-end tests against a non-local DATABASE_URL.");
}

const chromium: Partial<PlaywrightTestOptions & PlaywrightWorkerOptions> = {
  browserName: "chromium",
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    { name: "ui", testDir: "e2e/ui", use: { ...chromium } },
    // Changes what every other spec relies on (the account's RAM role and policy), so it runs after them all.
    { name: "after-all", testDir: "e2e/last", dependencies: ["api", "ui"], use: { ...chromium } },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: graceful,
    stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      PORT: String(e2ePort),
      PG_PORT: String(e2ePgPort),
      EMULATOR_PORT: String(e2eEmulatorPort),
      CLOUD_MODE: "emulator",
      // Backup jobs of a few minutes finish in seconds, so flows can wait for the consistency reached.
      EMULATOR_TIME_SCALE: "30",
      DATA_DIR: e2eDataDir,
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: "warn",
      // Every test signs in from this machine's one address; the limit itself is tested in lib/server/auth.
      AUTH_RATE_LIMIT_MAX: "10000",
      HEARTBEAT_INTERVAL_S: "2",
      SYNC_INTERVAL_S: "5",
      INVENTORY_SYNC_INTERVAL_S: "5",
      // Email channels deliver to the in-process SMTP server that e2e/ui/alerts.spec.ts starts on this port.
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(e2eSmtpPort),
      SMTP_FROM: "HBR Console <alerts@e2e.test>",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
