import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

// First-load JS per page of a production build in .next-bundle (never .next, which the console's own runs use):
// every <script> a modern browser fetches on a hard load of the page — Turbopack's runtime and main chunks
// (build-manifest rootMainFiles) plus the entry chunks of every segment on the page's path (root layout, the
// (console) layout, error / not-found boundaries, the page) from the page's client reference manifest. The
// `nomodule` polyfills are printed apart: modern browsers never load them. Each file is gzipped at level 9.
// Per visit: those plus every chunk the page may load later (next/dynamic, import(): panels after hydration, dialogs,
// tabs, charts), followed through the chunk graph — each Turbopack chunk names the chunks its lazy loaders fetch
// (`Promise.all(["static/chunks/….js", …].map(load))`) — so lazy loading cannot just move bytes out of sight.
// `npm run bench -- bundle` builds first; BUNDLE_BENCH_NO_BUILD=1 measures the last build as it is;
// BUNDLE_BENCH_MAPS=1 builds with browser source maps and names the biggest packages inside each top chunk.

const DIST = ".next-bundle";
const ROUTES = ["/dashboard", "/plans", "/plans/new"];
const TOP = 12;
/** First-load JS budget per page (issue 16), gzip. */
export const FIRST_LOAD_BUDGET_KB = 180;

const gzipSizes = new Map<string, number>();
function gzipSize(file: string, dist = DIST): number {
  const key = path.join(dist, file);
  let size = gzipSizes.get(key);
  if (size === undefined) {
    size = zlib.gzipSync(fs.readFileSync(key), { level: 9 }).length;
    gzipSizes.set(key, size);
  }
  return size;
}
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

/** `next build` into .next-bundle; puts back tsconfig.json and next-env.d.ts, which the build rewrites for its dist dir. */
function build(withMaps: boolean): void {
  const kept = ["tsconfig.json", "next-env.d.ts"].map((file) => [file, fs.readFileSync(file, "utf8")] as const);
  try {
    const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NEXT_DIST_DIR: DIST,
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_SKIP_TYPECHECK: "1",
        NEXT_BROWSER_SOURCEMAPS: withMaps ? "1" : "",
      },
    });
    if (result.status !== 0) throw new Error("next build failed; see its output above");
  } finally {
    for (const [file, text] of kept) if (fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  }
}

interface ClientReferenceManifest {
  entryJSFiles: Record<string, string[]>;
}

/** The page's client reference manifest (a script that assigns globalThis.__RSC_MANIFEST[page]). */
function readClientManifest(pageFile: string): ClientReferenceManifest {
  const sandbox: { globalThis?: unknown; self?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  vm.runInNewContext(fs.readFileSync(pageFile, "utf8"), sandbox);
  const manifests = Object.values(sandbox.__RSC_MANIFEST ?? {});
  if (manifests.length !== 1) throw new Error(`${pageFile}: expected one manifest, found ${manifests.length}`);
  return manifests[0]!;
}

/** Pages of the build: "/plans/new" → ".next-bundle/server/app/(console)/plans/new/page_client-reference-manifest.js". */
function findPages(dist = DIST): Map<string, string> {
  const pages = new Map<string, string>();
  const root = path.join(dist, "server/app");
  for (const file of fs.readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith("page_client-reference-manifest.js")) continue;
    const segments = path.dirname(file).split(path.sep).filter((s) => s !== "." && !/^\(.*\)$/.test(s));
    if (segments[0]?.startsWith("_")) continue; // _not-found, _global-error
    pages.set(`/${segments.join("/")}`, path.join(root, file));
  }
  return pages;
}

/** Every JS file a first load of the page pulls (module scripts only), in load order, each once. */
function firstLoadFiles(manifestFile: string, rootMainFiles: string[]): string[] {
  const { entryJSFiles } = readClientManifest(manifestFile);
  const files = new Set(rootMainFiles);
  for (const chunks of Object.values(entryJSFiles)) for (const chunk of chunks) files.add(chunk);
  return [...files];
}

/** The chunks a chunk's code may fetch later: every "static/chunks/….js" it names (its lazy loaders' chunk lists). */
export function chunkReferences(code: string): string[] {
  return [...new Set([...code.matchAll(/static\/chunks\/[\w.~\/-]+?\.js(?![\w.])/g)].map((m) => m[0]))];
}

/** Everything reachable from `start` through the chunk graph of the build in `dist`, `start` first, each once. */
export function reachableFiles(start: readonly string[], dist = DIST): string[] {
  const seen = new Set(start);
  const queue = [...start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of chunkReferences(fs.readFileSync(path.join(dist, file), "utf8"))) {
      if (seen.has(next) || !fs.existsSync(path.join(dist, next))) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen];
}

export interface PageBundle {
  route: string;
  /** Module scripts of a hard load of the page. */
  firstLoad: { files: string[]; gzip: number; raw: number };
  /** First load plus every chunk the page may lazy-load. */
  perVisit: { files: string[]; gzip: number };
}

/** First-load and per-visit JS of every page of the production build in `dist` (gzip level 9, bytes). */
export function measurePages(dist = DIST): PageBundle[] {
  const buildManifest = JSON.parse(fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const pages = findPages(dist);
  const ordered = [...ROUTES.filter((r) => pages.has(r)), ...[...pages.keys()].filter((r) => !ROUTES.includes(r)).sort()];
  return ordered.map((route) => {
    const files = firstLoadFiles(pages.get(route)!, buildManifest.rootMainFiles);
    const visit = reachableFiles(files, dist);
    return {
      route,
      firstLoad: {
        files,
        gzip: files.reduce((sum, file) => sum + gzipSize(file, dist), 0),
        raw: files.reduce((sum, file) => sum + fs.statSync(path.join(dist, file)).size, 0),
      },
      perVisit: { files: visit, gzip: visit.reduce((sum, file) => sum + gzipSize(file, dist), 0) },
    };
  });
}

// --- source-map attribution (BUNDLE_BENCH_MAPS=1) ---

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Generated bytes per source file of one chunk, from its source map's mappings. */
export function bytesBySource(chunk: string): Map<string, number> | undefined {
  const js = fs.readFileSync(path.join(DIST, chunk), "utf8");
  const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(js)?.[1];
  const mapFile = url && path.join(DIST, path.dirname(chunk), url);
  if (!mapFile || !fs.existsSync(mapFile)) return undefined;
  const map = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources?: string[]; mappings?: string; sections?: { map: { sources: string[]; mappings: string }; offset: { line: number; column: number } }[] };
  const code = js.split("\n");
  const out = new Map<string, number>();
  const sections = map.sections ?? [{ map: { sources: map.sources ?? [], mappings: map.mappings ?? "" }, offset: { line: 0, column: 0 } }];
  sections.forEach((section, i) => {
    const next = sections[i + 1]?.offset;
    const { sources, mappings } = section.map;
    let source = 0;
    mappings.split(";").forEach((line, lineIndex) => {
      const genLine = section.offset.line + lineIndex;
      const text = code[genLine] ?? "";
      let column = lineIndex === 0 ? section.offset.column : 0;
      const segments: [number, number | undefined][] = [];
      for (const segment of line.split(",")) {
        if (!segment) continue;
        const values: number[] = [];
        let value = 0;
        let shift = 0;
        for (const ch of segment) {
          const digit = B64.indexOf(ch);
          value += (digit & 31) << shift;
          if (digit & 32) shift += 5;
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        column += values[0]!;
        if (values.length > 1) source += values[1]!;
        segments.push([column, values.length > 1 ? source : undefined]);
      }
      const end = next && next.line === genLine ? next.column : text.length;
      segments.forEach(([start, src], j) => {
        if (src === undefined) return;
        const name = sources[src] ?? "?";
        out.set(name, (out.get(name) ?? 0) + Math.max(0, (segments[j + 1]?.[0] ?? end) - start));
      });
    });
  });
  return out;
}

/** "zod" for ".../node_modules/zod/v4/core/schemas.js", "app code" for the project's own files. */
function packageOf(source: string): string {
  const file = source.replace(/\\/g, "/");
  const compiled = /node_modules\/next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (compiled) return `${compiled[1]} (in next)`;
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return match ? match[1]! : `app ${file.replace(/^.*?\/(app|components|lib)\//, "$1/")}`;
}

const packageTotals = new Map<string, number>();

function describeChunk(chunk: string): string {
  const bySource = bytesBySource(chunk);
  if (!bySource) return "";
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const [source, bytes] of bySource) {
    byPackage.set(packageOf(source), (byPackage.get(packageOf(source)) ?? 0) + bytes);
    total += bytes;
  }
  const parts = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 4);
  for (const [name, bytes] of byPackage) packageTotals.set(name, (packageTotals.get(name) ?? 0) + (bytes / Math.max(total, 1)) * gzipSize(chunk));
  return `  (${parts.map(([name, bytes]) => `${name} ${Math.round((100 * bytes) / Math.max(total, 1))}%`).join(", ")})`;
}

export async function benchBundle(): Promise<void> {
  const withMaps = process.env.BUNDLE_BENCH_MAPS === "1";
  if (process.env.BUNDLE_BENCH_NO_BUILD !== "1") {
    console.log(`[bench] next build into ${DIST}${withMaps ? " (with browser source maps)" : ""}…`);
    build(withMaps);
  }
  const buildManifest = JSON.parse(fs.readFileSync(path.join(DIST, "build-manifest.json"), "utf8")) as { rootMainFiles: string[]; polyfillFiles: string[] };
  const pages = findPages();
  const polyfills = buildManifest.polyfillFiles.reduce((sum, file) => sum + gzipSize(file), 0);
  console.log(`bundle: gzip level 9, kB = 1000 bytes; nomodule polyfills (not loaded by modern browsers, not counted) ${kb(polyfills)} kB`);
  console.log(`first load = module scripts of a hard load; per visit = first load + every chunk the page may lazy-load; budget ${FIRST_LOAD_BUDGET_KB} kB first load`);
  const measured = measurePages();
  const seen = new Set<string>();
  for (const { route, firstLoad, perVisit } of measured) {
    const over = firstLoad.gzip > FIRST_LOAD_BUDGET_KB * 1000 ? "  OVER BUDGET" : "";
    console.log(
      `first_load_js_gzip_kb.${route}=${kb(firstLoad.gzip)}  per_visit_js_gzip_kb.${route}=${kb(perVisit.gzip)}  (${firstLoad.files.length} + ${perVisit.files.length - firstLoad.files.length} lazy files, ${kb(firstLoad.raw)} kB raw first load)${over}`,
    );
    if (ROUTES.includes(route)) for (const file of firstLoad.files) seen.add(file);
  }
  const largest = measured.reduce((a, b) => (b.firstLoad.gzip > a.firstLoad.gzip ? b : a));
  const largestVisit = measured.reduce((a, b) => (b.perVisit.gzip > a.perVisit.gzip ? b : a));
  const overBudget = measured.filter((p) => p.firstLoad.gzip > FIRST_LOAD_BUDGET_KB * 1000).map((p) => p.route);
  console.log(`largest_first_load_js_gzip_kb=${kb(largest.firstLoad.gzip)} (${largest.route}); largest_per_visit_js_gzip_kb=${kb(largestVisit.perVisit.gzip)} (${largestVisit.route})`);
  console.log(`pages_over_${FIRST_LOAD_BUDGET_KB}_kb=${overBudget.length}${overBudget.length ? ` (${overBudget.join(", ")})` : ""}`);
  console.log(`top chunks of ${ROUTES.join(", ")} (gzip kB):`);
  const ranked = [...seen].sort((a, b) => gzipSize(b) - gzipSize(a));
  if (withMaps) for (const file of ranked.slice(TOP)) describeChunk(file);
  for (const file of ranked.slice(0, TOP)) {
    const on = ROUTES.filter((route) => firstLoadFiles(pages.get(route)!, buildManifest.rootMainFiles).includes(file));
    console.log(`  ${kb(gzipSize(file)).padStart(6)}  ${file}  [${on.length === ROUTES.length ? "all three" : on.join(" ")}]${withMaps ? describeChunk(file) : ""}`);
  }
  if (withMaps) {
    console.log(`biggest sources over those chunks (gzip kB, each chunk's gzip size shared out by its raw bytes):`);
    for (const [name, bytes] of [...packageTotals].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${kb(bytes).padStart(6)}  ${name}`);
  }
}
