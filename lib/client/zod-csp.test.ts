import { describe, expect, it } from "vitest";
import { configureZodWithoutEval } from "@/lib/client/zod-csp";

// The browser sets zod's jitless flag without importing zod (see zod-csp.ts): this holds only while zod keeps its
// global config on globalThis.__zod_globalConfig. A zod upgrade that moves it fails here, not as CSP violations.
describe("configureZodWithoutEval", () => {
  it("sets the flag on the config object zod reads, and keeps that object", async () => {
    const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
    delete scope.__zod_globalConfig?.jitless;
    configureZodWithoutEval();
    const { z } = await import("zod");
    expect(z.config().jitless).toBe(true);
    // A later call (after zod changed its config) sets the flag on zod's own object rather than replacing it.
    const before = z.config();
    z.config({ jitless: false });
    configureZodWithoutEval();
    expect(z.config()).toBe(before);
    expect(z.config().jitless).toBe(true);
  });

  it("makes object parsing skip the compiled fast path", async () => {
    const { z } = await import("zod");
    configureZodWithoutEval();
    const original = globalThis.Function;
    let probes = 0;
    globalThis.Function = new Proxy(original, {
      construct(target, args) {
        probes += 1;
        return Reflect.construct(target, args) as object;
      },
    });
    try {
      expect(z.object({ a: z.string(), b: z.number() }).parse({ a: "x", b: 1 })).toEqual({ a: "x", b: 1 });
    } finally {
      globalThis.Function = original;
    }
    expect(probes).toBe(0);
  });
});
