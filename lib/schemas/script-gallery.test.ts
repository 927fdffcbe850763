import { describe, expect, it } from "vitest";
import { DEFAULT_FREEZE_TIMEOUT_S } from "@/lib/schemas/plan";
import { GALLERY_WAIT_S, scriptGallery } from "@/lib/schemas/script-gallery";
import { dryRunScriptSchema } from "@/lib/schemas/scripts";

describe("script gallery", () => {
  it("has a MySQL, PostgreSQL, MongoDB, Redis and file-system pair", () => {
    expect(scriptGallery.map((g) => g.id)).toEqual(["mysql", "postgresql", "mongodb", "redis", "filesystem"]);
    for (const g of scriptGallery) expect(g.description.length, g.id).toBeGreaterThan(40);
  });

  it("every script passes the editor's validation and fits a Dry run", () => {
    for (const g of scriptGallery) {
      for (const script of [g.preScript, g.postScript]) {
        const parsed = dryRunScriptSchema.safeParse(script);
        expect(parsed.error?.issues ?? [], g.id).toEqual([]);
        expect(script.startsWith("#!/bin/bash\n"), g.id).toBe(true);
      }
    }
  });

  it("every pre-freeze script gives up before HBR's freeze timeout and never calls fsfreeze", () => {
    expect(GALLERY_WAIT_S).toBeLessThan(DEFAULT_FREEZE_TIMEOUT_S);
    for (const g of scriptGallery) {
      expect(g.preScript, g.id).toContain(`WAIT_S=${GALLERY_WAIT_S}\n`);
      expect(`${g.preScript}${g.postScript}`, g.id).not.toMatch(/fsfreeze\s+-/);
    }
  });

  it("a pre-freeze script that freezes has an always-thaw trap; its post-thaw script handles nothing frozen", () => {
    for (const id of ["mysql", "mongodb"]) {
      const g = scriptGallery.find((s) => s.id === id)!;
      expect(g.preScript, id).toContain("trap on_exit EXIT");
      expect(g.preScript, id).toMatch(/if \[ "\$locked" != 1 \]; then/);
    }
    expect(scriptGallery.find((s) => s.id === "mysql")!.postScript).toContain("nothing to release");
    expect(scriptGallery.find((s) => s.id === "mongodb")!.postScript).toContain("nothing to unlock");
  });
});
