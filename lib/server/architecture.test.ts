// lib/server flows one way: no folder imports (directly or through others) a folder that imports it back.
// Builds the folder graph from the source imports (tests left out: nothing imports a test) and fails on any cycle,
// naming every import that takes part in it. Run alone to see the graph: `npx vitest run lib/server/architecture.test.ts`.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve("lib/server");

interface FolderImport {
  from: string; // folder (or top-level file without extension, e.g. "env") of the importing file
  to: string;
  file: string; // importing file, relative to the repository
  spec: string; // the import specifier as written
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "fixtures" ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !/\.test\.(ts|tsx|mts)$/.test(e.name) ? [p] : [];
  });
}

/** The lib/server folder a path (absolute, inside lib/server) belongs to: its first segment, extension dropped. */
function folderOf(abs: string): string | null {
  const rel = path.relative(ROOT, abs);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep)[0]!.replace(/\.(ts|tsx|mts)$/, "");
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)["']([^"']+)["']/g;

function folderImports(): FolderImport[] {
  const out: FolderImport[] = [];
  for (const file of sourceFiles(ROOT)) {
    const from = folderOf(file)!;
    for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1]!;
      let target: string | null = null;
      if (spec.startsWith("@/lib/server/")) target = path.resolve(spec.slice(2));
      else if (spec.startsWith(".")) target = path.resolve(path.dirname(file), spec);
      const to = target && folderOf(target);
      if (to && to !== from) out.push({ from, to, file: path.relative(process.cwd(), file), spec });
    }
  }
  return out;
}

/** Strongly connected components (Tarjan) of the folder graph with more than one folder. */
function folderCycles(imports: FolderImport[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!edges.has(i.from)) edges.set(i.from, new Set());
    if (!edges.has(i.to)) edges.set(i.to, new Set());
    edges.get(i.from)!.add(i.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sccs: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) sccs.push(scc.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return sccs;
}

describe("lib/server folder graph", () => {
  it("has no cycle between folders", () => {
    const imports = folderImports();
    const cycles = folderCycles(imports);
    const inCycle = imports.filter((i) => cycles.some((c) => c.includes(i.from) && c.includes(i.to)));
    const report = cycles.map(
      (c) =>
        `cycle between ${c.join(", ")}:\n` +
        inCycle
          .filter((i) => c.includes(i.from))
          .map((i) => `  ${i.from} → ${i.to}: ${i.file} imports "${i.spec}"`)
          .join("\n"),
    );
    if (process.env.ARCH_REPORT) console.log(`${imports.length} imports between folders, ${inCycle.length} in cycles\n${report.join("\n")}`);
    expect(report, `imports that run back up between lib/server folders:\n${report.join("\n")}`).toEqual([]);
  });

  it("never reaches back into the composition roots in scripts/ (they import lib/server, not the other way)", () => {
    const back = sourceFiles(ROOT).flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(IMPORT)]
        .map((m) => m[1]!)
        .filter((spec) => spec.startsWith("@/scripts/") || (spec.startsWith(".") && path.resolve(path.dirname(file), spec).startsWith(path.resolve("scripts") + path.sep)))
        .map((spec) => `${path.relative(process.cwd(), file)} imports "${spec}"`),
    );
    expect(back).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const cycles = folderCycles([
      { from: "a", to: "b", file: "a/x.ts", spec: "@/lib/server/b/y" },
      { from: "b", to: "c", file: "b/y.ts", spec: "@/lib/server/c/z" },
      { from: "c", to: "a", file: "c/z.ts", spec: "../a/x" },
      { from: "c", to: "d", file: "c/z.ts", spec: "@/lib/server/d/w" },
    ]);
    expect(cycles).toEqual([["a", "b", "c"]]);
  });

  it("reads both alias and relative imports", () => {
    const imports = folderImports();
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.every((i) => i.from !== i.to)).toBe(true);
  });
});
