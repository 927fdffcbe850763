// npm run seed:large: 10,000 plans, 50,000 plan instances and 200,000 finished backup jobs in Singapore, in the
// emulator (its bulk seed: instances, policies, bindings, jobs, backups) and in the database the console uses
// (DATABASE_URL, else the embedded server of `npm start`), for trying the console and its queries at scale.
// Both must be running (`npm start` in another shell). SEED_PLANS / SEED_INSTANCES / SEED_JOBS change the counts.
import { databaseUrl } from "@/lib/server/env";
import { seedLargeFleet } from "./lib/large-fleet";
import { fail, loadEnvOrExit } from "./lib/server-env";

const env = loadEnvOrExit();
const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fail(`Invalid configuration: ${name} must be a positive whole number (got "${process.env[name]}").`);
};
const options = {
  plans: count("SEED_PLANS", 10_000),
  instances: count("SEED_INSTANCES", 50_000),
  jobs: count("SEED_JOBS", 200_000),
  regionId: "ap-southeast-1",
  replicationRegionId: "cn-hongkong",
  now: Date.now(),
};
const url = databaseUrl(env);
const emulatorUrl = `http://${env.EMULATOR_HOST}:${env.EMULATOR_PORT}`;
console.log(`[seed:large] ${options.plans} plans, ${options.instances} instances, ${options.jobs} jobs in ${options.regionId} → emulator ${emulatorUrl}, database ${new URL(url).host}${new URL(url).pathname}`);
const started = performance.now();
try {
  const r = await seedLargeFleet({ databaseUrl: url, emulatorUrl, adminToken: env.EMULATOR_ADMIN_TOKEN }, options);
  console.log(`[seed:large] emulator: ${r.instances} instances, ${r.plans} policies and bindings, ${r.jobs} jobs with their backups in ${(r.emulatorMs / 1000).toFixed(1)} s`);
  console.log(`[seed:large] database: ${r.plans} plans (${r.breaching} breaching their RPO), ${r.instances} plan instances, ${r.jobs} backup jobs in ${(r.databaseMs / 1000).toFixed(1)} s`);
  console.log(`[seed:large] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  fail(`[seed:large] ${(err as Error).message}${(err as NodeJS.ErrnoException).cause ? ` (${String((err as { cause?: unknown }).cause)})` : ""}`);
}
