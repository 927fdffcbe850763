import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The emulator's layout, checked from its sources: cloud errors are named in `errors.ts` files, and no file
// reaches itself again through its imports (`import type` included).

const root = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

const files = sources(root);
const rel = (file: string) => path.relative(root, file);

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/gms)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

describe("emulator layout", () => {
  it("builds every cloud error in an errors.ts file", () => {
    const inline = files.filter((f) => path.basename(f) !== "errors.ts" && readFileSync(f, "utf8").includes("new CloudError("));
    expect(inline.map(rel)).toEqual([]);
  });

  it("has no import circle", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((to) => files.includes(to))]));
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]) => {
      state.set(file, "open");
      for (const to of graph.get(file) ?? []) {
        if (state.get(to) === "open") {
          const walked = [...trail, file];
          circles.push([...walked.slice(walked.indexOf(to)), to].map(rel).join(" → "));
        }
        else if (!state.has(to)) visit(to, [...trail, file]);
      }
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file, []);
    expect(graph.get(path.join(root, "server.ts"))?.length).toBeGreaterThan(5);
    expect(circles).toEqual([]);
  });
});
