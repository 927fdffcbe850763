import { expect, test } from "../fixtures";
import { coverageMatchingSchema, coveragePageSchema, coverageSummarySchema } from "@/lib/schemas/coverage";

// Coverage over HTTP: bad filters are 422 with every field named, a viewer reads the list, Protect's matching ids and
// the summary, and what the default scenario protects outside the console shows as such. Reads only: the
// Hangzhou instances named here (hz-crm-legacy, hz-reports, hz-terraform-web) belong to no other spec.
const HZ = "cn-hangzhou";

test.describe("Coverage API", () => {
  test("bad filters are a 422 with every field named; no session is a 401", async ({ adminApi, anonApi }) => {
    const res = await adminApi.get("/api/coverage?state=nope&osType=mac&status=Gone&zoneId=Bad%20Zone&tag=%3Dx&sort=size&dir=up&page=0&pageSize=101&regionId=Nowhere");
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["dir", "osType", "page", "pageSize", "regionId", "sort", "state", "status", "tag", "zoneId"]);

    const matching = await adminApi.get("/api/coverage/matching?state=unprotected");
    expect(matching.status()).toBe(422);
    expect(Object.keys((await matching.json()).error.fieldErrors)).toEqual(["regionId"]);
    expect((await anonApi.get("/api/coverage")).status()).toBe(401);
    expect((await anonApi.get("/api/coverage/summary")).status()).toBe(401);
  });

  test("a viewer reads coverage, with protection made outside the console, Protect's ids and the summary", async ({ makeUser, apiAs }) => {
    const viewer = await apiAs(await makeUser("viewer"));
    // The worker passes over every region when it starts; the summary has a time once every region's pass finished.
    await expect.poll(async () => coverageSummarySchema.parse(await (await viewer.get("/api/coverage/summary")).json()).syncedAt, { timeout: 60_000 }).not.toBeNull();

    const page = coveragePageSchema.parse(await (await viewer.get(`/api/coverage?regionId=${HZ}&tag=owner%3Dsales-it&sort=name`)).json());
    expect(page.rows.map((r) => [r.name, r.state, r.reasonCode])).toEqual([
      ["hz-crm-legacy", "protected", "outsidePolicy"],
      ["hz-reports", "paused", "bindingDisabled"],
    ]);
    expect(page.rows[0]!.outside).toMatchObject({ kind: "policy", name: "sales-it-daily" });
    expect(page.counts).toMatchObject({ protected: 1, paused: 1 });

    const terraform = coveragePageSchema.parse(await (await viewer.get(`/api/coverage?q=hz-terraform`)).json());
    expect(terraform.rows[0]).toMatchObject({ name: "hz-terraform-web", state: "protected", reasonCode: "outsidePlan", outside: { kind: "plan", name: "terraform-web-daily" } });

    const matching = coverageMatchingSchema.parse(await (await viewer.get(`/api/coverage/matching?regionId=ap-northeast-1&state=unprotected&q=bulk-`)).json());
    expect(matching.instanceIds).toHaveLength(99);
    expect(matching.total).toBeGreaterThan(99);

    const summary = coverageSummarySchema.parse(await (await viewer.get(`/api/coverage/summary?regionId=${HZ}`)).json());
    expect(summary.regionId).toBe(HZ);
    expect(summary.total).toBeGreaterThanOrEqual(12);
    expect(summary.coveragePct).not.toBeNull();
  });
});
