import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../fixtures";

// The whole role matrix: every route the API documents in /api/openapi.json (built from the same registry that
// a unit test checks against every route.ts) × {anonymous, viewer, admin}. A new route is covered as soon as it
// is registered. Requests are harmless: path parameters take the registry's examples, which name nothing, and
// mutating calls send an empty body, so an admin gets a 404 or 422 rather than a real change.

type Access = "public" | "signed-in" | "admin";
type Role = "anonymous" | "viewer" | "admin";

interface Operation {
  "x-access": Access;
  security: unknown[];
  parameters: { name: string; in: string; example?: string }[];
  requestBody?: unknown;
}

interface Probe {
  method: string;
  path: string;
  url: string;
  access: Access;
}

async function probesOf(api: APIRequestContext): Promise<Probe[]> {
  const res = await api.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths)
    // better-auth's own endpoints are public by nature; auth.spec.ts covers them.
    .filter(([path]) => !path.startsWith("/api/auth/"))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
          const example = op.parameters.find((p) => p.in === "path" && p.name === name)?.example;
          if (!example) throw new Error(`${method.toUpperCase()} ${path}: no example for path parameter ${name}`);
          return encodeURIComponent(example);
        });
        expect(["public", "signed-in", "admin"], `${method} ${path} x-access`).toContain(op["x-access"]);
        expect(op.security.length === 0, `${method} ${path}: public exactly when it has no security`).toBe(op["x-access"] === "public");
        return { method: method.toUpperCase(), path, url, access: op["x-access"] };
      }),
    );
}

/** Why a status is wrong for this role on this route, or null when it is what the matrix expects. */
function unexpected(role: Role, probe: Probe, status: number): string | null {
  if (status >= 500) return `a server error`;
  if (role === "anonymous" && probe.access !== "public") return status === 401 ? null : "anonymous must get 401";
  if (role === "viewer" && probe.access === "admin") return status === 403 ? null : "a viewer must get 403 on an admin-only route";
  return status === 401 || status === 403 ? `${role} must not be refused` : null;
}

async function call(api: APIRequestContext, probe: Probe) {
  const hasBody = probe.method !== "GET" && probe.method !== "DELETE";
  return api.fetch(probe.url, { method: probe.method, ...(hasBody ? { data: {} } : {}) });
}

test.describe("RBAC matrix", () => {
  test("every route × {anonymous, viewer, admin} answers the expected status", async ({ anonApi, adminApi, makeUser, apiAs }) => {
    const probes = await probesOf(anonApi);
    // Sanity: the document really lists the console's routes, reads and mutating ones.
    expect(probes.length).toBeGreaterThanOrEqual(15);
    expect(probes.some((p) => p.access === "admin")).toBe(true);
    expect(probes.map((p) => `${p.method} ${p.path}`)).toEqual(expect.arrayContaining(["GET /api/audit", "POST /api/users", "DELETE /api/plans/{planId}"]));
    // Alerts: everyone signed in reads them; rules and channels are changed by admins only.
    const access = Object.fromEntries(probes.map((p) => [`${p.method} ${p.path}`, p.access]));
    expect(access).toMatchObject({
      "GET /api/alerts": "signed-in",
      "GET /api/alerts/rules": "signed-in",
      "PUT /api/alerts/rules": "admin",
      "GET /api/alerts/channels": "signed-in",
      "POST /api/alerts/channels": "admin",
      "PATCH /api/alerts/channels/{channelId}": "admin",
      "DELETE /api/alerts/channels/{channelId}": "admin",
      "POST /api/alerts/channels/{channelId}/test": "admin",
      "GET /api/alerts/deliveries": "signed-in",
    });

    const viewerApi = await apiAs(await makeUser("viewer"));
    const roles: [Role, APIRequestContext][] = [["anonymous", anonApi], ["viewer", viewerApi], ["admin", adminApi]];
    const failures: string[] = [];
    let cells = 0;
    for (const probe of probes) {
      for (const [role, api] of roles) {
        const res = await call(api, probe);
        cells += 1;
        const why = unexpected(role, probe, res.status());
        if (why) failures.push(`${probe.method} ${probe.url} as ${role}: ${res.status()} (${why}) ${(await res.text()).slice(0, 200)}`);
      }
    }
    test.info().annotations.push({ type: "matrix", description: `${probes.length} routes × ${roles.length} roles = ${cells} calls` });
    expect(failures).toEqual([]);
  });
});

test.describe("least privilege for viewers", () => {
  test("a viewer cannot list users or their emails; an admin can", async ({ adminApi, makeUser, apiAs }) => {
    const viewer = await makeUser("viewer");
    const viewerApi = await apiAs(viewer);
    const res = await viewerApi.get("/api/users");
    expect(res.status()).toBe(403);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe("FORBIDDEN");
    expect(body).not.toContain("@");
    const list = await adminApi.get("/api/users");
    expect(list.status()).toBe(200);
    expect(((await list.json()) as { users: { email: string }[] }).users.map((u) => u.email)).toContain(viewer.email);
  });

  test("a viewer reads the last recorded prerequisite check and never starts one", async ({ adminApi, makeUser, apiAs }) => {
    const viewerApi = await apiAs(await makeUser("viewer"));
    const path = (id: string) => `/api/regions/ap-southeast-1/instances/${id}/prerequisites`;

    // Nothing recorded: "not checked yet", without asking the cloud (an admin's live check of this id finds no instance).
    const none = await viewerApi.get(path("i-t4nnevercheck01"));
    expect(none.status()).toBe(404);
    expect((await none.json()).error.message).toMatch(/^Not checked yet/);
    expect((await adminApi.get(path("i-t4nnevercheck01"))).status()).toBe(404);

    // An admin's check is live and recorded; a viewer then gets exactly that check, with its time, however often asked.
    const live = await adminApi.get(path("i-t4ndemo000000007"));
    expect(live.status()).toBe(200);
    const checked = await live.json();
    for (let i = 0; i < 2; i++) {
      const recorded = await viewerApi.get(path("i-t4ndemo000000007"));
      expect(recorded.status()).toBe(200);
      expect(await recorded.json()).toEqual(checked);
    }
    const again = await (await adminApi.get(path("i-t4ndemo000000007"))).json();
    expect(Date.parse(again.checkedAt)).toBeGreaterThan(Date.parse(checked.checkedAt));
    expect(await (await viewerApi.get(path("i-t4ndemo000000007"))).json()).toEqual(again);
  });
});
