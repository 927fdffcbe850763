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
  if (role === "viewer" && probe.access === "admin") return status === 403 ? null : "a viewer must get 403 on a mutating route";
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
