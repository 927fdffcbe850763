import { describe, expect, it } from "vitest";
import { rpoStateLabels, rpoStateOf } from "@/lib/schemas/rpo-display";

describe("rpoStateOf", () => {
  it("reads a paused plan as not counted, never as met", () => {
    expect(rpoStateOf({ rpoBreached: false, paused: true })).toBe("paused");
    expect(rpoStateLabels[rpoStateOf({ rpoBreached: false, paused: true })]).toBe("Not counted while paused");
  });

  it("keeps breached, met and untracked apart", () => {
    expect(rpoStateOf({ rpoBreached: true, paused: false })).toBe("breached");
    expect(rpoStateOf({ rpoBreached: false, paused: false })).toBe("met");
    expect(rpoStateOf({ rpoBreached: null, paused: false })).toBe("untracked");
    expect(rpoStateOf({ rpoBreached: null, paused: true })).toBe("untracked");
  });
});
