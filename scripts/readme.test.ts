import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultScenario } from "../emulator/scenario/default-scenario";

// A user's fresh clone has only this repository: what README.md and docs/ point at must be inside it, and the demo
// instances README.md names for a first click-through must be the ones the default scenario seeds.
const readme = fs.readFileSync("README.md", "utf8");

describe("README.md on a fresh clone", () => {
  it("points at nothing outside the repository", () => {
    const outside = [...readme.matchAll(/\.\.\/[\w./-]+/g)].map((m) => m[0]);
    expect(outside).toEqual([]);
  });

  it("links only to files that exist in the repository", () => {
    const links = [...readme.matchAll(/\]\((?!https?:|#)([^)#\s]+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !fs.existsSync(path.resolve(l)))).toEqual([]);
  });

  it("keeps the architecture document the ESLint zones cite inside the repository", () => {
    expect(fs.readFileSync("eslint.config.mjs", "utf8")).toContain("docs/architecture.md");
    expect(fs.existsSync("docs/architecture.md")).toBe(true);
  });

  it("names demo instances that the default scenario seeds, with their region and id", () => {
    const scenario = defaultScenario();
    const named = [...readme.matchAll(/\*\*`([a-z0-9-]+)`\*\* \(`(i-[a-z0-9]+)`, ([^,)]+)[,)]/g)];
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const [, name, id, regionName] of named) {
      const instance = scenario.instances?.find((i) => i.instanceName === name);
      expect(instance?.instanceId, name).toBe(id);
      const region = scenario.regions?.find((r) => r.regionId === instance?.regionId);
      expect(region?.localName, name).toContain(regionName!.trim());
    }
  });

  it("says which demo regions support backup policies as the scenario does", () => {
    const scenario = defaultScenario();
    for (const region of scenario.regions ?? []) {
      const said = new RegExp(`\\*\\*${region.localName!.replace(/[()]/g, "\\$&")}\\*\\*[^.]*?(no policy support|support)`).exec(readme);
      expect(said, region.localName).not.toBeNull();
      expect(said![1] === "no policy support", region.localName).toBe(!region.policySupported);
    }
  });
});
