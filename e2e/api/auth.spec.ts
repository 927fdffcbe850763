import http from "node:http";
import { admin, baseURL } from "../fixtures/config";
import { expect, test } from "../fixtures";

// Every /api route except health and auth, with one request each role may send.
const routes = [
  { method: "GET", path: "/api/me", adminOnly: false },
  // Users' emails are for admins (docs/security.md).
  { method: "GET", path: "/api/users", adminOnly: true },
  { method: "POST", path: "/api/users", adminOnly: true, data: { name: "X", email: "x@e2e.test", password: "password123", role: "viewer" } },
  { method: "PATCH", path: "/api/users/some-id", adminOnly: true, data: { role: "admin" } },
] as const;

test.describe("sign-in and roles", () => {
  test("signs in with the seeded admin and sets an httpOnly, SameSite session cookie", async ({ anonApi }) => {
    const res = await anonApi.post("/api/auth/sign-in/email", { data: { email: "admin@e2e.test", password: "e2e-admin-password" } });
    expect(res.status()).toBe(200);
    const cookie = res.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.includes("session_token"));
    expect(cookie?.value).toMatch(/HttpOnly/i);
    expect(cookie?.value).toMatch(/SameSite=Lax/i);
    const me = await anonApi.get("/api/me");
    expect(await me.json()).toMatchObject({ email: "admin@e2e.test", role: "admin" });
  });

  test("rejects a wrong password without saying which part was wrong", async ({ anonApi }) => {
    const res = await anonApi.post("/api/auth/sign-in/email", { data: { email: "admin@e2e.test", password: "wrong-password" } });
    expect(res.status()).toBe(401);
    expect((await res.json()).message).toMatch(/invalid email or password/i);
  });

  test("anonymous callers get 401 in the error envelope from every protected route", async ({ anonApi }) => {
    for (const route of routes) {
      const res = await anonApi.fetch(route.path, { method: route.method, data: "data" in route ? route.data : undefined });
      expect(res.status(), `${route.method} ${route.path}`).toBe(401);
      const body = await res.json();
      expect(body.error).toMatchObject({ code: "UNAUTHENTICATED", fieldErrors: {} });
      expect(body.error.requestId).toBe(res.headers()["x-request-id"]);
    }
  });

  test("a viewer reads but gets 403 from every mutating route and the user list", async ({ makeUser, apiAs }) => {
    const viewer = await makeUser("viewer");
    const api = await apiAs(viewer);
    for (const route of routes) {
      const res = await api.fetch(route.path, { method: route.method, data: "data" in route ? route.data : undefined });
      expect(res.status(), `${route.method} ${route.path}`).toBe(route.adminOnly ? 403 : 200);
      if (route.adminOnly) expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
  });

  test("pages redirect anonymous visitors to sign-in, keeping where they were going", async ({ anonApi }) => {
    const res = await anonApi.get("/users?region=cn-hongkong", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers().location).toBe(`/sign-in?next=${encodeURIComponent("/users?region=cn-hongkong")}`);
  });

  test("sign-in counts the socket address, not a client-written X-Forwarded-For", async () => {
    // From another loopback address, so this test is its own client; the header names someone else.
    const call = (path: string, body: string | null, cookie = "") =>
      new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
        const url = new URL(path, baseURL);
        const headers: Record<string, string> = { "x-forwarded-for": "203.0.113.9", "x-hbr-peer-address": "203.0.113.10" };
        if (cookie) headers.cookie = cookie;
        if (body) headers["content-type"] = "application/json";
        const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: body ? "POST" : "GET", headers, localAddress: "127.0.0.2" }, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, cookies: res.headers["set-cookie"] ?? [], body: text }));
        });
        req.on("error", reject);
        req.end(body ?? undefined);
      });
    const signIn = await call("/api/auth/sign-in/email", JSON.stringify(admin));
    expect(signIn.status, signIn.body).toBe(200);
    const cookie = signIn.cookies.map((c) => c.split(";")[0]).join("; ");
    const session = await call("/api/auth/get-session", null, cookie);
    expect(JSON.parse(session.body).session.ipAddress).toBe("127.0.0.2");
  });

  test("signing out ends the session", async ({ makeUser, apiAs }) => {
    const viewer = await makeUser("viewer");
    const api = await apiAs(viewer);
    expect((await api.get("/api/me")).status()).toBe(200);
    expect((await api.post("/api/auth/sign-out", { headers: { origin: baseURL }, data: {} })).status()).toBe(200);
    expect((await api.get("/api/me")).status()).toBe(401);
  });
});
