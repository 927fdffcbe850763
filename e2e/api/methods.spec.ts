import { expect, test } from "../fixtures";

// Pages answer GET and HEAD only; anything else is refused before Next renders (it used to answer TRACE / with a
// 500 and a stack trace in the log). API routes refuse what they do not declare.
test.describe("HTTP methods", () => {
  for (const [method, path] of [
    ["TRACE", "/"],
    ["TRACE", "/plans/new"],
    ["PROPFIND", "/dashboard"],
    ["POST", "/sign-in"],
    ["OPTIONS", "/users"],
    ["DELETE", "/no-such-page"],
  ] as const) {
    test(`${method} ${path} is 405 with Allow: GET, HEAD`, async ({ anonApi }) => {
      const res = await anonApi.fetch(path, { method, maxRedirects: 0 });
      expect(res.status()).toBe(405);
      expect(res.headers()["allow"]).toBe("GET, HEAD");
      expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    });
  }

  test("GET and HEAD of pages still work: sign-in answers, console pages still send a visitor without a session to sign in", async ({ anonApi }) => {
    expect((await anonApi.fetch("/sign-in", { method: "HEAD" })).status()).toBe(200);
    expect((await anonApi.get("/sign-in")).status()).toBe(200);
    const res = await anonApi.get("/plans?region=cn-hangzhou", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers()["location"]).toMatch(/\/sign-in\?next=%2Fplans%3Fregion%3Dcn-hangzhou$/);
  });

  test("TRACE and undeclared methods on the API are a 4xx, never a 5xx", async ({ anonApi, adminApi }) => {
    for (const api of [anonApi, adminApi]) {
      for (const method of ["TRACE", "PROPFIND"]) {
        const res = await api.fetch("/api/plans", { method });
        expect(res.status(), `${method} /api/plans`).toBe(400);
      }
    }
    // /api/health declares GET only.
    const post = await anonApi.post("/api/health", { data: {} });
    expect(post.status()).toBe(405);
    const del = await adminApi.delete("/api/plans");
    expect(del.status()).toBe(405);
  });

  test("a path that is not valid percent-encoding is a 400 with the error envelope, never Next's 500", async ({ anonApi, adminApi }) => {
    for (const api of [anonApi, adminApi]) {
      for (const path of ["/api/plans/%zz", "/api/regions/%E0%A4%A/instances", "/api/users/%C0%AF"]) {
        const res = await api.get(path);
        expect(res.status(), path).toBe(400);
        expect((await res.json()).error.code, path).toBe("BAD_REQUEST");
      }
      expect((await api.get("/plans/%zz", { maxRedirects: 0 })).status()).toBe(400);
    }
  });
});
