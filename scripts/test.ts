// npm test: every check, in order — lint (with import zones), typecheck, production build, Vitest (unit +
// integration on a real PostgreSQL), Playwright (api + Chromium ui) against the whole console on free ports and a
// throw-away data dir. Ends with one line `N passed, M failed` summing every runner; exits non-zero on any failure.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./lib/ports";

interface Outcome {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
}

const only = process.argv.slice(2); // e.g. `npm test -- e2e` runs one step
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-test-"));
// Postgres runs as OS user `postgres` when we are root: it must be able to reach the data dir.
fs.chmodSync(tmp, 0o755);
const outcomes: Outcome[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const bin = (name: string) => path.resolve("node_modules/.bin", name);

/** A check that is one unit (lint, typecheck, build): counts as one passed or one failed. */
async function check(name: string, command: string, args: string[]): Promise<void> {
  if (only.length && !only.includes(name)) return;
  console.log(`\n━━ ${name}: ${[path.basename(command), ...args].join(" ")}`);
  const started = performance.now();
  const code = await run(command, args);
  outcomes.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, seconds: (performance.now() - started) / 1000 });
}

/** A test runner: counts come from its JSON report; a crash with no report counts as one failure. */
async function runner(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  reportFile: string,
  count: (report: unknown) => { passed: number; failed: number },
): Promise<void> {
  if (only.length && !only.includes(name)) return;
  console.log(`\n━━ ${name}: ${[path.basename(command), ...args].join(" ")}`);
  const started = performance.now();
  const code = await run(command, args, env);
  let counted = { passed: 0, failed: 0 };
  try {
    counted = count(JSON.parse(fs.readFileSync(reportFile, "utf8")));
  } catch {
    /* no report: the runner itself failed */
  }
  if (code !== 0 && counted.failed === 0) counted.failed = 1;
  if (counted.passed + counted.failed === 0) counted.failed = 1; // a runner that ran no test has failed
  outcomes.push({ name, ...counted, seconds: (performance.now() - started) / 1000 });
}

await check("lint", bin("eslint"), ["."]);
await check("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);

// The build comes before the unit step: its start-up tests run the production server.
await check("build", process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"]);

const vitestReport = path.join(tmp, "vitest.json");
await runner("unit", bin("vitest"), ["run"], { VITEST_JSON: vitestReport }, vitestReport, (r) => {
  const report = r as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numPendingTests + report.numTodoTests };
});


const playwrightReport = path.join(tmp, "playwright.json");
const e2eDataDir = path.join(tmp, "data");
await runner(
  "e2e",
  bin("playwright"),
  ["test"],
  {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    E2E_PORT: String(await freePort()),
    E2E_PG_PORT: String(await freePort()),
    E2E_EMULATOR_PORT: String(await freePort()),
    E2E_SMTP_PORT: String(await freePort()),
    E2E_DATA_DIR: e2eDataDir,
  },
  playwrightReport,
  (r) => {
    const { stats } = r as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    return { passed: stats.expected, failed: stats.unexpected + stats.flaky + stats.skipped };
  },
);

fs.rmSync(tmp, { recursive: true, force: true });

console.log("\n━━ summary");
for (const o of outcomes) {
  console.log(`${o.failed ? "✗" : "✓"} ${o.name.padEnd(10)} ${String(o.passed).padStart(4)} passed ${String(o.failed).padStart(3)} failed  ${o.seconds.toFixed(1)} s`);
}
const passed = outcomes.reduce((n, o) => n + o.passed, 0);
const failed = outcomes.reduce((n, o) => n + o.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
