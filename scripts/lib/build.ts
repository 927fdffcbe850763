import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "generated", "public", "proxy.ts", "instrumentation.ts", "instrumentation-node.ts", "instrumentation-fast-lane.ts", "next.config.js", "package-lock.json", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** Runs `next build` when there is no production build, or when a source file is newer than it. */
export async function ensureBuild(say: (line: string) => void): Promise<void> {
  // next.config.js builds into NEXT_DIST_DIR when set (benches use their own folders).
  const buildId = path.resolve(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map(newestMtime));
  if (builtAt && builtAt >= changedAt) return;
  say(builtAt ? "sources changed since the last build: building…" : "no production build yet: building (a few minutes on two cores; only this once)…");
  // The build for running the console skips Next's type check (NEXT_SKIP_TYPECHECK, next.config.js): `npm test`
  // type-checks every change (tsc, and its own full `next build`), and on a user's first start the check was a
  // third of the wait for nothing they can act on.
  const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed; see its output above");
}
