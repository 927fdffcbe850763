import { expect, test } from "../fixtures";

// The hot API reads (instrumentation-fast-lane.ts) are answered straight from Node's HTTP server, the rest by
// Next. A client must not be able to tell them apart by anything but speed (and the Server-Timing entry that
// names the lane): same security headers, same auth, same errors, same compression.
const LANE = /desc="fast lane"/;
const SAME = ["x-frame-options", "x-content-type-options", "referrer-policy", "permissions-policy", "content-security-policy", "cache-control", "content-type"];

test.describe("fast lane", () => {
  test("a lane answer carries the same headers as one of Next's", async ({ adminApi }) => {
    const lane = await adminApi.get("/api/me");
    const next = await adminApi.get("/api/regions");
    expect(lane.status()).toBe(200);
    expect(next.status()).toBe(200);
    expect(lane.headers()["server-timing"]).toMatch(LANE);
    expect(next.headers()["server-timing"] ?? "").not.toMatch(LANE);
    for (const name of SAME) expect(lane.headers()[name], name).toBe(next.headers()[name]);
    expect(lane.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(lane.headers()["strict-transport-security"], "plain http: no HSTS").toBeUndefined();
  });

  test("large answers are gzip-compressed when the client accepts it, and only then", async ({ adminApi }) => {
    const path = "/api/coverage?pageSize=50";
    // The worker's first inventory pass fills the list.
    await expect.poll(async () => (await (await adminApi.get(path)).json()).total, { timeout: 60_000 }).toBeGreaterThan(50);
    const gz = await adminApi.get(path, { headers: { "accept-encoding": "gzip" } });
    const plain = await adminApi.get(path, { headers: { "accept-encoding": "identity" } });
    expect(gz.headers()["server-timing"]).toMatch(LANE);
    expect(gz.headers()["content-encoding"]).toBe("gzip");
    expect(plain.headers()["content-encoding"]).toBeUndefined();
    expect(gz.headers()["vary"]).toBe("Accept-Encoding");
    const [a, b] = [await gz.json(), await plain.json()];
    expect(a.rows).toHaveLength(50);
    expect(a.rows.map((r: { instanceId: string }) => r.instanceId)).toEqual(b.rows.map((r: { instanceId: string }) => r.instanceId));
    expect(Number(gz.headers()["content-length"])).toBeLessThan(Number(plain.headers()["content-length"]) / 2);
  });

  test("auth, validation and missing plans answer as through Next", async ({ anonApi, adminApi }) => {
    const anon = await anonApi.get("/api/plans");
    expect(anon.status()).toBe(401);
    expect(anon.headers()["server-timing"]).toMatch(LANE);
    expect((await anon.json()).error).toMatchObject({ code: "UNAUTHENTICATED", requestId: anon.headers()["x-request-id"] });

    const bad = await adminApi.get("/api/plans?pageSize=abc&status=nope");
    expect([400, 422]).toContain(bad.status());
    expect(Object.keys((await bad.json()).error.fieldErrors).sort()).toEqual(["pageSize", "status"]);

    const missing = await adminApi.get("/api/plans/plan_nosuchplan0");
    expect(missing.status()).toBe(404);
    expect(missing.headers()["server-timing"]).toMatch(LANE);

    // Not valid percent-encoding: left to Next, whose proxy answers 400.
    const undecodable = await adminApi.get("/api/plans/%zz");
    expect(undecodable.status()).toBe(400);
    expect(undecodable.headers()["server-timing"] ?? "").not.toMatch(LANE);

    // HEAD and other methods are Next's.
    const head = await adminApi.fetch("/api/plans", { method: "HEAD" });
    expect(head.headers()["server-timing"] ?? "").not.toMatch(LANE);
  });

  test("a request id the client sent is kept, as Next's routes keep it", async ({ adminApi }) => {
    const res = await adminApi.get("/api/dashboard", { headers: { "x-request-id": "lane-check-12345" } });
    expect(res.status()).toBe(200);
    expect(res.headers()["server-timing"]).toMatch(LANE);
    expect(res.headers()["x-request-id"]).toBe("lane-check-12345");
  });
});
