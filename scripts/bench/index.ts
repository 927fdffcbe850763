// npm run bench: prints figures (never pass/fail). Each benchmark prints `name=value` lines.
// `npm run bench -- startup` (or `emulator`) runs one.
import os from "node:os";
import { benchAlerts } from "./alerts";
import { benchApi, benchGrowth } from "./api";
import { benchBundle } from "./bundle";
import { benchCoverage } from "./coverage";
import { benchEmulator } from "./emulator";
import { benchProvisioning } from "./provisioning";
import { benchRestore } from "./restore";
import { benchStartup } from "./startup";

const benches: Record<string, () => Promise<void>> = { startup: benchStartup, emulator: benchEmulator, provisioning: benchProvisioning, bundle: benchBundle, api: benchApi, growth: benchGrowth, restore: benchRestore, coverage: benchCoverage, alerts: benchAlerts };
const only = process.argv.slice(2);

console.log(`hbr-console benchmarks — node ${process.version}, ${os.cpus().length} cores`);
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
process.exit(0);
