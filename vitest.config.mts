import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // lib/server files open with `import "server-only"`; in tests they run on the server side, as in Next.
    alias: { "server-only": path.resolve("node_modules/server-only/empty.js") },
  },
  test: {
    include: ["lib/**/*.test.ts", "emulator/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "generated/**", ".data/**"],
    globalSetup: ["scripts/lib/vitest-global-setup.ts"],
    setupFiles: ["lib/server/testing/setup-warnings.ts", "lib/server/testing/setup-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
  },
});
