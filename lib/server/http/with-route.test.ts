import { NextRequest } from "next/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import pino from "pino";
import { z } from "zod";
import { ApiError } from "@/lib/server/http/api-error";
import { getDb } from "@/lib/server/db/client";
import { parseEnv } from "@/lib/server/env";
import { trustedOrigins } from "@/lib/server/http/csrf";
import type { ApiAccess, ApiRoute } from "@/lib/server/http/api-routes";
import { withRoute, withStatus, type RouteContext } from "@/lib/server/http/with-route";
import type { SessionUser } from "@/lib/schemas/user";
import { getLogger } from "@/lib/server/log/logger";
import { signedInUser } from "@/lib/server/testing/users";

const noParams = { params: Promise.resolve({}) };

function request(
  url: string,
  init: { method?: string; body?: string; cookie?: string; requestId?: string; headers?: Record<string, string | null> } = {},
) {
  const headers = new Headers({ "content-type": "application/json" });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.requestId) headers.set("x-request-id", init.requestId);
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new NextRequest(new URL(url, "http://127.0.0.1:3000"), { method: init.method ?? "GET", body: init.body, headers });
}

const bodySchema = z.object({
  name: z.string().min(3, "At least 3 characters"),
  schedule: z.object({ retention: z.number().int().positive("Must be positive") }),
});

/** A declaration as api-routes.ts writes them, with test defaults: POST /api/x answering any JSON with 200. */
function declared<const R extends Partial<ApiRoute> & { access: ApiAccess }>(route: R) {
  return { method: "POST", path: "/api/x", summary: "Test route", response: { status: 200, description: "OK", schema: z.unknown() }, ...route } as const;
}

const echoed = z.object({ got: bodySchema });
const echo = withRoute(declared({ access: "admin", body: bodySchema, response: { status: 201, description: "Created", schema: echoed } }), async ({ body }) => ({ got: body }));

describe("withRoute", () => {
  it("answers 401 in the envelope to anonymous callers, with a request id header", async () => {
    const res = await echo(request("/api/x", { method: "POST", body: "{}" }), noParams);
    expect(res.status).toBe(401);
    const json = await res.json();
    expect(json).toEqual({
      error: { code: "UNAUTHENTICATED", message: "Sign in to continue.", fieldErrors: {}, requestId: res.headers.get("x-request-id") },
    });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 403 to a viewer on an admin route", async () => {
    const viewer = await signedInUser("viewer");
    const res = await echo(request("/api/x", { method: "POST", body: "{}", cookie: viewer.cookie }), noParams);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
  });

  it("keys every zod issue by its path and answers 422", async () => {
    const admin = await signedInUser("admin");
    const body = JSON.stringify({ name: "ab", schedule: { retention: -1 } });
    const res = await echo(request("/api/x", { method: "POST", body, cookie: admin.cookie }), noParams);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fieldErrors).toEqual({ name: ["At least 3 characters"], "schedule.retention": ["Must be positive"] });
  });

  it("answers 400, not 500, to a body that is not JSON", async () => {
    const admin = await signedInUser("admin");
    const res = await echo(request("/api/x", { method: "POST", body: "{nope", cookie: admin.cookie }), noParams);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "BAD_REQUEST", message: "The request body is not valid JSON." });
  });

  it("passes parsed input to the handler and uses the success status", async () => {
    const admin = await signedInUser("admin");
    const body = JSON.stringify({ name: "abc", schedule: { retention: 7 } });
    const res = await echo(request("/api/x", { method: "POST", body, cookie: admin.cookie, requestId: "req-12345678" }), noParams);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("req-12345678");
    expect(await res.json()).toEqual({ got: { name: "abc", schedule: { retention: 7 } } });
  });

  it("parses params and query with their schemas", async () => {
    const route = withRoute(
      declared({ access: "public", params: z.object({ id: z.string().startsWith("plan_") }), query: z.object({ page: z.coerce.number().int().min(1) }) }),
      async ({ params, query }) => ({ id: params.id, page: query.page }),
    );
    const ok = await route(request("/api/plans/plan_1?page=2"), { params: Promise.resolve({ id: "plan_1" }) });
    expect(await ok.json()).toEqual({ id: "plan_1", page: 2 });
    const bad = await route(request("/api/plans/x?page=0"), { params: Promise.resolve({ id: "x" }) });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fieldErrors)).toEqual(["id"]);
  });

  it("maps ApiError codes to statuses and hides unexpected errors behind a generic 500", async () => {
    const conflict = withRoute(declared({ access: "public" }), async () => {
      throw new ApiError("CONFLICT", "Name taken", { fieldErrors: { name: ["Name taken"] } });
    });
    const res = await conflict(request("/api/x"), noParams);
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: "CONFLICT", fieldErrors: { name: ["Name taken"] } });

    const boom = withRoute(declared({ access: "public" }), async () => {
      throw new Error("secret internals");
    });
    const res500 = await boom(request("/api/x"), noParams);
    expect(res500.status).toBe(500);
    const { error } = await res500.json();
    expect(error.code).toBe("INTERNAL");
    expect(error.message).not.toContain("secret internals");
  });
});

describe("withRoute holds answers to their declaration", () => {
  const planSchema = z.object({ id: z.string().startsWith("plan_"), name: z.string() });

  /** Runs `fn` with every log line withRoute writes captured (the real pino logger, into an array). */
  async function withLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
    const global = globalThis as unknown as { hbrLogger?: ReturnType<typeof getLogger> };
    const real = getLogger();
    const lines: Record<string, unknown>[] = [];
    global.hbrLogger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    try {
      return { result: await fn(), lines };
    } finally {
      global.hbrLogger = real;
    }
  }

  it("answers 500 and logs the bug when the handler's answer does not match the response schema", async () => {
    // The handler's type says it may return this (the wire is what counts): a plan id without its prefix.
    const route = withRoute(declared({ method: "GET", access: "public", response: { status: 200, description: "A plan", schema: planSchema } }), async () => ({ id: "p-1", name: "Nightly", secret: "kept out" }));
    const { result: res, lines } = await withLogs(() => route(request("/api/x"), noParams));
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "INTERNAL", requestId: res.headers.get("x-request-id") });
    expect(JSON.stringify(error)).not.toContain("p-1");
    const bug = lines.find((line) => line.msg === "response breaks its route's declaration");
    expect(bug, JSON.stringify(lines)).toBeDefined();
    expect(JSON.stringify(bug)).toContain("GET /api/x: the response does not match its declared schema");
    expect(JSON.stringify(bug)).toContain('\\"id\\"');
    expect(bug?.level).toBe(50);
  });

  it("sends what the schema parses, from the wire form: unknown keys dropped, dates as strings", async () => {
    const route = withRoute(
      declared({ method: "GET", access: "public", response: { status: 200, description: "A plan", schema: planSchema.extend({ at: z.iso.datetime() }) } }),
      async () => ({ id: "plan_1", name: "Nightly", at: new Date("2026-01-02T03:04:05.000Z") as unknown as string, internal: "dropped" }),
    );
    const res = await route(request("/api/x"), noParams);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "plan_1", name: "Nightly", at: "2026-01-02T03:04:05.000Z" });
  });

  it("uses the declared status, another one given withStatus, and 204 for a route declared without a body", async () => {
    const created = withRoute(declared({ access: "public", response: { status: 201, description: "Created", schema: planSchema } }), async () => ({ id: "plan_1", name: "A" }));
    expect((await created(request("/api/x", { method: "POST" }), noParams)).status).toBe(201);
    const replayed = withRoute(declared({ access: "public", response: { status: 201, description: "Created", schema: planSchema } }), async () => withStatus({ id: "plan_1", name: "A" }, 200));
    const replay = await replayed(request("/api/x", { method: "POST" }), noParams);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ id: "plan_1", name: "A" });
    const deleted = withRoute(declared({ method: "DELETE", access: "public", response: { status: 204, description: "Deleted" } }), async () => {});
    const res = await deleted(request("/api/x", { method: "DELETE" }), noParams);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("passes a raw route's Response through, and refuses JSON from one (500)", async () => {
    const csv = withRoute(declared({ method: "GET", access: "public", response: { status: 200, description: "CSV", raw: "text/csv" } }), async () => new Response("a,b\n1,2\n", { headers: { "content-type": "text/csv" } }));
    const res = await csv(request("/api/x"), noParams);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv");
    expect(await res.text()).toBe("a,b\n1,2\n");
    const wrong = withRoute(declared({ method: "GET", access: "public", response: { status: 200, description: "CSV", raw: "text/csv" } }), async () => ({ not: "csv" }) as unknown as Response);
    expect((await wrong(request("/api/x"), noParams)).status).toBe(500);
  });

  it("parses the declared headers: typed in the handler, a bad value is a 400 naming the header", async () => {
    const route = withRoute(
      declared({ access: "public", headers: z.object({ "Idempotency-Key": z.string().regex(/^[a-z0-9-]{8,}$/, "Idempotency-Key must be 8 or more of a-z 0-9 -").optional() }) }),
      async ({ headers }) => ({ key: headers["Idempotency-Key"] ?? null }),
    );
    const ok = await route(request("/api/x", { method: "POST", headers: { "idempotency-key": "abcd-1234" } }), noParams);
    expect(await ok.json()).toEqual({ key: "abcd-1234" });
    expect(await (await route(request("/api/x", { method: "POST" }), noParams)).json()).toEqual({ key: null });
    const bad = await route(request("/api/x", { method: "POST", headers: { "idempotency-key": "x" } }), noParams);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: "BAD_REQUEST",
      message: "Idempotency-Key must be 8 or more of a-z 0-9 -",
      fieldErrors: { "Idempotency-Key": ["Idempotency-Key must be 8 or more of a-z 0-9 -"] },
    });
  });

  it("types the handler's context from the declaration (checked by tsc)", async () => {
    const { apiRoutes } = await import("@/lib/server/http/api-routes");
    type CreatePlan = RouteContext<typeof apiRoutes.createPlan>;
    expectTypeOf<CreatePlan["headers"]>().toEqualTypeOf<{ "Idempotency-Key"?: string | undefined }>();
    expectTypeOf<CreatePlan["body"]["name"]>().toEqualTypeOf<string>();
    expectTypeOf<CreatePlan["user"]>().toEqualTypeOf<SessionUser>();
    expectTypeOf<RouteContext<typeof apiRoutes.getPlan>["params"]>().toEqualTypeOf<{ planId: string }>();
    expectTypeOf<RouteContext<typeof apiRoutes.getPlan>["body"]>().toEqualTypeOf<undefined>();
    expectTypeOf<RouteContext<typeof apiRoutes.health>["user"]>().toEqualTypeOf<SessionUser | null>();
    expect(apiRoutes.createPlan.headers.shape["Idempotency-Key"]).toBeDefined();
  });

  it("declares POST /api/plans's Idempotency-Key once: its pattern and message come from the declaration", async () => {
    const { apiRoutes, IDEMPOTENCY_KEY_MESSAGE } = await import("@/lib/server/http/api-routes");
    const route = withRoute({ ...apiRoutes.createPlan, access: "public", body: undefined }, async () => {
      throw new Error("not reached: the header is refused first");
    });
    const bad = await route(request("/api/plans", { method: "POST", headers: { "idempotency-key": "bad key" } }), noParams);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe(IDEMPOTENCY_KEY_MESSAGE);
  });
});

describe("withRoute against cross-site requests", () => {
  const validBody = JSON.stringify({ name: "abc", schedule: { retention: 7 } });
  let calls = 0;
  const counted = withRoute(declared({ access: "admin", body: bodySchema, response: { status: 201, description: "Created", schema: echoed } }), async ({ body }) => {
    calls += 1;
    return { got: body };
  });

  async function send(headers: Record<string, string | null>, body: string | undefined = validBody) {
    const admin = await signedInUser("admin");
    const before = calls;
    const res = await counted(request("/api/x", { method: "POST", body, cookie: admin.cookie, headers }), noParams);
    return { res, handled: calls > before, error: res.status >= 400 ? (await res.json()).error : undefined };
  }

  it("answers 415 to a text/plain body (what a no-cors fetch or a form can forge) and never runs the handler", async () => {
    const { res, handled, error } = await send({ "content-type": "text/plain;charset=UTF-8" });
    expect(res.status).toBe(415);
    expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(handled).toBe(false);
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      expect((await send({ "content-type": type })).res.status, String(type)).toBe(415);
    }
  });

  it("accepts application/json with a charset, and a bodyless POST with no content type", async () => {
    expect((await send({ "content-type": "Application/JSON; charset=utf-8" })).res.status).toBe(201);
    const route = withRoute(declared({ access: "admin" }), async () => ({ ok: true }));
    const admin = await signedInUser("admin");
    const res = await route(request("/api/x", { method: "POST", cookie: admin.cookie, headers: { "content-type": null } }), noParams);
    expect(res.status).toBe(200);
  });

  it("answers 403 to an Origin that is not the console's, and to Origin: null", async () => {
    for (const origin of ["http://evil.example", "null", "http://127.0.0.1:3001", "http://127.0.0.1:3000.evil.example", ""]) {
      const { res, handled, error } = await send({ origin });
      expect(res.status, origin).toBe(403);
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toMatch(/another site/);
      expect(handled).toBe(false);
    }
  });

  it("without Origin, answers 403 when Sec-Fetch-Site or the Referer says another site sent it", async () => {
    for (const site of ["cross-site", "same-site"]) expect((await send({ "sec-fetch-site": site })).res.status, site).toBe(403);
    expect((await send({ referer: "http://127.0.0.1:4000/attack.html" })).res.status).toBe(403);
    expect((await send({ referer: "not a url" })).res.status).toBe(403);
  });

  it("lets the console's own pages through, and clients that send none of Origin, Sec-Fetch-Site, Referer", async () => {
    expect((await send({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" })).res.status).toBe(201);
    expect((await send({ origin: "http://localhost:3000" })).res.status).toBe(201);
    expect((await send({ "sec-fetch-site": "same-origin", referer: "http://127.0.0.1:3000/users" })).res.status).toBe(201);
    expect((await send({ "sec-fetch-site": "none" })).res.status).toBe(201);
    expect((await send({})).res.status).toBe(201);
  });

  it("guards DELETE, PUT and PATCH too, and leaves GET alone", async () => {
    const route = withRoute(declared({ access: "public" }), async () => ({ ok: true }));
    for (const method of ["DELETE", "PUT", "PATCH"]) {
      const res = await route(request("/api/x", { method, headers: { origin: "http://evil.example" } }), noParams);
      expect(res.status, method).toBe(403);
    }
    expect((await route(request("/api/x", { headers: { origin: "http://evil.example" } }), noParams)).status).toBe(200);
  });

  it("trusts only PUBLIC_URL's origin when it is set", () => {
    expect(trustedOrigins(parseEnv({ PUBLIC_URL: "https://console.example.com/hbr/" }))).toEqual(["https://console.example.com"]);
    expect(trustedOrigins(parseEnv({ PORT: "3100" }))).toEqual(["http://127.0.0.1:3100", "http://localhost:3100"]);
  });
});

describe("withRoute answers malformed input with a 4xx", () => {
  const route = withRoute(
    declared({ access: "public", params: z.object({ id: z.string() }), query: z.object({ q: z.string().optional() }), body: z.object({ tags: z.array(z.object({ key: z.string() })) }).optional() }),
    async ({ params }) => ({ id: params.id }),
  );

  it("refuses a NUL character in a path parameter, a query value or a JSON body string or key with a 400 on the field", async () => {
    const inParams = await route(request("/api/x/a"), { params: Promise.resolve({ id: "a\u0000b" }) });
    expect(inParams.status).toBe(400);
    expect((await inParams.json()).error).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { id: ["Must not contain a NUL character"] } });

    const inQuery = await route(request("/api/x/a?q=a%00b"), { params: Promise.resolve({ id: "a" }) });
    expect(inQuery.status).toBe(400);
    expect((await inQuery.json()).error.fieldErrors).toEqual({ q: ["Must not contain a NUL character"] });

    // A key named like an Object.prototype property is a field like any other (it used to end in a 500).
    for (const key of ["__proto__", "constructor", "toString"]) {
      const res = await route(request(`/api/x/a?${key}=a%00b`), { params: Promise.resolve({ id: "a" }) });
      expect(res.status, key).toBe(400);
      expect((await res.json()).error.fieldErrors, key).toEqual({ [key]: ["Must not contain a NUL character"] });
    }

    const body = JSON.stringify({ tags: [{ key: "ok" }, { key: "x\u0000" }], ["k\u0000"]: 1 });
    const inBody = await route(request("/api/x/a", { method: "POST", body }), { params: Promise.resolve({ id: "a" }) });
    expect(inBody.status).toBe(400);
    expect((await inBody.json()).error.fieldErrors).toEqual({ "tags.1.key": ["Must not contain a NUL character"], "k\\0": ["Must not contain a NUL character"] });
  });

  it("answers 400 when the path parameters cannot be decoded", async () => {
    const res = await route(request("/api/x/%zz"), { params: Promise.reject(new URIError("URI malformed")) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "BAD_REQUEST", message: "The URL is not valid percent-encoding." });
  });

  it("maps a unique clash the handler did not foresee to 409, not 500", async () => {
    const email = `clash-${Date.now()}@test.local`;
    const insert = withRoute(declared({ access: "public" }), async () =>
      getDb().user.create({ data: { id: crypto.randomUUID(), name: "Clash", email, emailVerified: false, createdAt: new Date(), updatedAt: new Date() } }),
    );
    expect((await insert(request("/api/x", { method: "POST" }), noParams)).status).toBe(200);
    const again = await insert(request("/api/x", { method: "POST" }), noParams);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("CONFLICT");
  });
});
