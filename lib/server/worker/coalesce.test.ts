import { describe, expect, it } from "vitest";
import { coalesce } from "@/lib/server/worker/coalesce";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("coalesce", () => {
  it("turns a burst of calls into one run at once and one trailing run, then runs at once again after a quiet spell", async () => {
    const runs: number[] = [];
    const t0 = Date.now();
    const soon = coalesce(async () => void runs.push(Date.now() - t0), 200);
    for (let i = 0; i < 50; i++) {
      await soon();
      await sleep(2);
    }
    expect(runs).toHaveLength(1); // the first, at once
    await sleep(300);
    expect(runs).toHaveLength(2); // the trailing one: the burst's last call is not lost
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(190);
    await sleep(250);
    await soon();
    expect(runs).toHaveLength(3); // quiet long enough: at once
  });

  it("runs no trailing call after cancel", async () => {
    let runs = 0;
    const soon = coalesce(async () => void runs++, 100);
    await soon();
    await soon();
    soon.cancel();
    await sleep(200);
    await soon();
    expect(runs).toBe(1);
  });
});
