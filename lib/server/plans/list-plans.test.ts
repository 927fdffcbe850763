import { describe, expect, it } from "vitest";
import { planListQuerySchema } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { listPlans } from "@/lib/server/plans/list-plans";

// The list is one statement (the total joined to the page): its order, paging, counts and the page past the end.
describe("listPlans", () => {
  const t0 = Date.UTC(2026, 0, 1);
  const names = ["delta", "alpha", "echo", "charlie", "bravo"];

  it("sorts, pages and counts in one statement, and a page past the end keeps the total", async () => {
    const db = getDb();
    for (const [i, name] of names.entries()) {
      await db.plan.create({
        data: {
          id: `lp-${i}`, name, regionId: i < 4 ? "ap-southeast-1" : "cn-hongkong", mode: "auto", scheduleKind: "newPolicy", status: i === 2 ? "failed" : "active",
          config: {}, appConsistent: i === 0, paused: false, createdAt: new Date(t0 + i * 60_000),
          instances: { create: Array.from({ length: i + 1 }, (_, k) => ({ id: `lp-${i}-${k}`, instanceId: `i-lp${i}x${k}`, instanceName: `vm-${i}-${k}`, osType: "linux", osName: "Alibaba Cloud Linux 3", protectAllDisks: true, diskIds: [] })) },
        },
      });
    }
    await db.planAction.create({ data: { id: "lpa-1", planId: "lp-3", kind: "runNow", status: "running", total: 1 } });
    const list = (q: Record<string, string>) => listPlans(db, planListQuerySchema.parse(q));

    const newest = await list({ pageSize: "2" });
    expect(newest.total).toBe(5);
    expect(newest.plans.map((p) => p.name)).toEqual(["bravo", "charlie"]);
    expect(newest.plans.map((p) => [p.instanceCount, p.hasOpenAction])).toEqual([[5, false], [4, true]]);

    const second = await list({ pageSize: "2", page: "2" });
    expect(second.plans.map((p) => p.name)).toEqual(["echo", "alpha"]);
    expect((await list({ pageSize: "2", page: "3" })).plans.map((p) => p.name)).toEqual(["delta"]);

    const byName = await list({ sort: "name", order: "asc" });
    expect(byName.plans.map((p) => p.name)).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect((await list({ sort: "name", order: "desc", pageSize: "3" })).plans.map((p) => p.name)).toEqual(["echo", "delta", "charlie"]);

    const past = await list({ pageSize: "2", page: "9" });
    expect(past).toMatchObject({ plans: [], total: 5, page: 9, pageSize: 2 });

    const filtered = await list({ regionId: "ap-southeast-1", status: "active", sort: "name", order: "asc" });
    expect(filtered.total).toBe(3);
    expect(filtered.plans.map((p) => p.name)).toEqual(["alpha", "charlie", "delta"]);
    expect(filtered.plans.find((p) => p.name === "delta")).toMatchObject({ appConsistent: true, instanceCount: 1, lastVerified: null, rpoBreached: null });

    expect(await list({ regionId: "eu-central-1" })).toMatchObject({ plans: [], total: 0 });

    // Text search (read once for the total and the page): a plan's name, an instance's name or id, a plan id.
    expect((await list({ q: "ALPH" })).plans.map((p) => p.name)).toEqual(["alpha"]);
    expect(await list({ q: "vm-3-", sort: "name", order: "asc" })).toMatchObject({ total: 1, plans: [{ name: "charlie", instanceCount: 4 }] });
    expect((await list({ q: "i-lp4x0" })).plans.map((p) => p.name)).toEqual(["bravo"]);
    expect((await list({ q: "lp-2", status: "failed" })).plans.map((p) => p.name)).toEqual(["echo"]);
    expect(await list({ q: "a", regionId: "cn-hongkong", pageSize: "1", page: "5" })).toMatchObject({ plans: [], total: 1 });
  });
});
