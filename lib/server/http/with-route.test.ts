import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "@/lib/server/http/api-error";
import { withRoute } from "@/lib/server/http/with-route";
import { signedInUser } from "@/lib/server/testing/users";

const noParams = { params: Promise.resolve({}) };

function request(url: string, init: { method?: string; body?: string; cookie?: string; requestId?: string } = {}) {
  const headers = new Headers({ "content-type": "application/json" });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.requestId) headers.set("x-request-id", init.requestId);
  return new NextRequest(new URL(url, "http://127.0.0.1:3000"), { method: init.method ?? "GET", body: init.body, headers });
}

const bodySchema = z.object({
  name: z.string().min(3, "At least 3 characters"),
  schedule: z.object({ retention: z.number().int().positive("Must be positive") }),
});

const echo = withRoute({ access: "admin", body: bodySchema, status: 201 }, async ({ body }) => ({ got: body }));

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
      { access: "public", params: z.object({ id: z.string().startsWith("plan_") }), query: z.object({ page: z.coerce.number().int().min(1) }) },
      async ({ params, query }) => ({ id: params.id, page: query.page }),
    );
    const ok = await route(request("/api/plans/plan_1?page=2"), { params: Promise.resolve({ id: "plan_1" }) });
    expect(await ok.json()).toEqual({ id: "plan_1", page: 2 });
    const bad = await route(request("/api/plans/x?page=0"), { params: Promise.resolve({ id: "x" }) });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fieldErrors)).toEqual(["id"]);
  });

  it("maps ApiError codes to statuses and hides unexpected errors behind a generic 500", async () => {
    const conflict = withRoute({ access: "public" }, async () => {
      throw new ApiError("CONFLICT", "Name taken", { fieldErrors: { name: ["Name taken"] } });
    });
    const res = await conflict(request("/api/x"), noParams);
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: "CONFLICT", fieldErrors: { name: ["Name taken"] } });

    const boom = withRoute({ access: "public" }, async () => {
      throw new Error("secret internals");
    });
    const res500 = await boom(request("/api/x"), noParams);
    expect(res500.status).toBe(500);
    const { error } = await res500.json();
    expect(error.code).toBe("INTERNAL");
    expect(error.message).not.toContain("secret internals");
  });
});
