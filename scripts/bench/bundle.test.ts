import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkReferences, FIRST_LOAD_BUDGET_KB, measurePages, reachableFiles } from "./bundle";

describe("the bundle bench's chunk graph", () => {
  it("reads the chunks a Turbopack lazy loader fetches, and nothing else", () => {
    const code =
      'e.v(t=>Promise.all(["static/chunks/0pldqu-02a_z7.js","static/chunks/2y_or9bjpgugo.js"].map(t=>e.l(t))).then(()=>t(88548)))' +
      '\n"static/chunks/0pldqu-02a_z7.js";"static/chunks/a.css"\n//# sourceMappingURL=3fd4nnh_cskz9.js.map';
    expect(chunkReferences(code)).toEqual(["static/chunks/0pldqu-02a_z7.js", "static/chunks/2y_or9bjpgugo.js"]);
  });

  it("follows lazy chunks through lazy chunks, each once, and skips names no file answers", () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-graph-"));
    fs.mkdirSync(path.join(dist, "static/chunks"), { recursive: true });
    const write = (name: string, code: string) => fs.writeFileSync(path.join(dist, "static/chunks", name), code);
    write("main.js", 'load(["static/chunks/panel.js"])');
    write("panel.js", 'load(["static/chunks/dialog.js","static/chunks/main.js","static/chunks/gone.js"])');
    write("dialog.js", 'load(["static/chunks/panel.js"])');
    write("other.js", "");
    expect(reachableFiles(["static/chunks/main.js"], dist)).toEqual(["static/chunks/main.js", "static/chunks/panel.js", "static/chunks/dialog.js"]);
  });
});

// `npm test` builds before it runs Vitest: the console's own production build is measured as the bench measures it.
describe("first-load JS of the production build in .next", () => {
  it(`is at most ${FIRST_LOAD_BUDGET_KB} kB gzip on every page, and the pages' lazy chunks are counted per visit`, () => {
    expect(fs.existsSync(".next/build-manifest.json"), "needs a production build in .next (`npx next build`; npm test builds first)").toBe(true);
    const pages = measurePages(".next");
    expect(pages.map((p) => p.route)).toEqual(expect.arrayContaining(["/dashboard", "/plans", "/plans/new", "/plans/[planId]", "/alerts", "/users", "/sign-in", "/instances", "/policies", "/restores"]));
    const over = pages.filter((p) => p.firstLoad.gzip > FIRST_LOAD_BUDGET_KB * 1000).map((p) => `${p.route} ${(p.firstLoad.gzip / 1000).toFixed(1)} kB`);
    expect(over).toEqual([]);
    // The panels that left the first load are still reachable from the page: per visit counts them.
    const plans = pages.find((p) => p.route === "/plans")!;
    expect(plans.perVisit.gzip).toBeGreaterThan(plans.firstLoad.gzip);
  });
});
