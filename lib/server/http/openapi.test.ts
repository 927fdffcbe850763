import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiRouteList, apiRoutes, type ApiRoute } from "@/lib/server/http/api-routes";
import { buildOpenApiDocument } from "@/lib/server/http/openapi";

const API_DIR = path.resolve("app/api");

interface RouteFile {
  file: string;
  /** "/api/plans/{planId}"; a catch-all folder ends the path ("/api/auth/"), matching every path below it. */
  path: string;
  isCatchAll: boolean;
  /** Exported methods, with the apiRoutes declaration their withRoute names (undefined when not wrapped). */
  methods: Map<string, string | undefined>;
}

function routeFiles(dir = API_DIR): RouteFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
    const catchAll = segments.findIndex((s) => s.startsWith("[..."));
    const kept = catchAll === -1 ? segments : segments.slice(0, catchAll);
    const apiPath = `/api/${kept.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}${catchAll === -1 ? "" : "/"}`;
    return [{ file: path.relative(process.cwd(), full), path: apiPath, isCatchAll: catchAll !== -1, methods: exportedMethods(readFileSync(full, "utf8")) }];
  });
}

function exportedMethods(source: string): Map<string, string | undefined> {
  const methods = new Map<string, string | undefined>();
  for (const match of source.matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)) {
    const rest = source.slice(match.index + match[0].length);
    const next = rest.search(/export const /);
    const own = next === -1 ? rest : rest.slice(0, next);
    methods.set(match[1], /^\s*=\s*withRoute\(\s*apiRoutes\.(\w+)\s*,/.exec(own)?.[1]);
  }
  for (const match of source.matchAll(/export const \{([^}]+)\}/g)) {
    for (const name of match[1].split(",").map((n) => n.trim())) {
      if (/^(GET|POST|PATCH|PUT|DELETE)$/.test(name)) methods.set(name, undefined);
    }
  }
  return methods;
}

const files = routeFiles();
const declared = (routes: readonly ApiRoute[], method: string, file: RouteFile) =>
  routes.filter((r) => r.method === method && (file.isCatchAll ? r.path.startsWith(file.path) : r.path === file.path));

/** What is wrong between the route files and the declarations: each problem as one line. */
function mismatches(routes: readonly ApiRoute[], declarations: Record<string, ApiRoute>): string[] {
  const problems: string[] = [];
  for (const file of files) {
    for (const [method, name] of file.methods) {
      if (declared(routes, method, file).length === 0) problems.push(`undeclared: ${method} ${file.path} (${file.file})`);
      if (file.isCatchAll) continue;
      const own = name === undefined ? undefined : declarations[name];
      if (!own) problems.push(`${method} ${file.path} (${file.file}) is not withRoute(apiRoutes.<its declaration>, …)`);
      else if (own.method !== method || own.path !== file.path) problems.push(`${method} ${file.path} (${file.file}) uses apiRoutes.${name}, declared for ${own.method} ${own.path}`);
    }
  }
  for (const r of routes) {
    if (!files.some((f) => f.methods.has(r.method) && (f.isCatchAll ? r.path.startsWith(f.path) : r.path === f.path))) problems.push(`stale: ${r.method} ${r.path}`);
  }
  return problems;
}

describe("Route declarations", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.map((f) => f.path)).toContain("/api/plans/{planId}");
  });

  it("declares every method every route.ts under app/api exports, each wrapped with its own declaration, and nothing else", () => {
    expect(mismatches(apiRouteList, apiRoutes)).toEqual([]);
  });

  it("fails for a route missing from the declarations, and for a declaration without its route", () => {
    const { createPlan, ...others } = apiRoutes;
    expect(mismatches(Object.values(others), others)).toEqual([
      "undeclared: POST /api/plans (app/api/plans/route.ts)",
      "POST /api/plans (app/api/plans/route.ts) is not withRoute(apiRoutes.<its declaration>, …)",
    ]);
    const ghost = { ...createPlan, path: "/api/ghosts" };
    expect(mismatches([...apiRouteList, ghost], { ...apiRoutes, ghost })).toEqual(["stale: POST /api/ghosts"]);
  });

  it("declares a response for every route withRoute serves: a schema, a raw content type, or 204", () => {
    for (const route of apiRouteList.filter((r) => !r.isAuthLibrary)) {
      const ok = "schema" in route.response || "raw" in route.response || route.response.status === 204;
      expect(ok, `${route.method} ${route.path}`).toBe(true);
    }
  });

  it("gives every path parameter a harmless example and its schema", () => {
    for (const route of apiRouteList) {
      const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(Object.keys(route.params?.shape ?? {}).sort(), `${route.method} ${route.path}`).toEqual(names);
      for (const name of names) {
        const example = route.paramExamples?.[name];
        expect(example, `${route.method} ${route.path}: example for ${name}`).toBeTruthy();
        expect(route.params!.shape[name].safeParse(example).success, `${route.method} ${route.path}: example for ${name} parses`).toBe(true);
      }
    }
  });
});

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; security: unknown[]; parameters: { name: string; in: string; required: boolean }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  };
  const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));

  it("is OpenAPI 3.1 with one operation per registry entry and unique operation ids", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(operations).toHaveLength(apiRouteList.length);
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length);
  });

  it("describes params, query, body, responses and the error envelope from the zod schemas", () => {
    const create = doc.paths["/api/plans"].post;
    expect(create.requestBody).toMatchObject({ content: { "application/json": { schema: { type: "object", required: expect.arrayContaining(["name", "regionId"]) } } } });
    expect(create.responses["201"].content?.["application/json"].schema).toMatchObject({ type: "object" });
    expect(create.responses["422"].content?.["application/json"].schema).toEqual({ $ref: "#/components/schemas/ErrorEnvelope" });
    expect(create.responses["403"]).toBeDefined();
    // withRoute's own answers: cross-site (403) and non-JSON bodies (415) on changes, a database that is down (503).
    expect(Object.keys(doc.paths["/api/plans/{planId}/retry"].post.responses)).toEqual(expect.arrayContaining(["403", "415", "503"]));
    expect(Object.keys(doc.paths["/api/plans"].get.responses)).toEqual(expect.arrayContaining(["400", "503"]));
    expect(doc.paths["/api/plans"].get.responses["415"]).toBeUndefined();
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header", required: false }));
    expect(create.responses["400"]).toBeDefined();
    expect(doc.paths["/api/plans"].get.parameters).toContainEqual(expect.objectContaining({ name: "status", in: "query", required: false }));
    expect(doc.paths["/api/plans/{planId}"].delete.parameters).toContainEqual(expect.objectContaining({ name: "planId", in: "path", required: true, example: "plan_missing0" }));
    expect(doc.components.schemas.ErrorEnvelope).toMatchObject({ type: "object", required: ["error"] });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.paths["/api/health"].get.security).toEqual([]);
    expect(doc.paths["/api/audit"].get.security).toEqual([{ session: [] }]);
    // Downloads document their own content type, not JSON.
    expect(doc.paths["/api/plans/{planId}/export/jobs"].get.responses["200"].content).toEqual({ "text/csv": { schema: { type: "string" } } });
    expect(doc.paths["/api/plans/actions"].post.requestBody).toMatchObject({ content: { "application/json": { schema: { required: expect.arrayContaining(["kind", "planIds"]) } } } });
  });

  it("leaves no local $defs reference behind and resolves every component reference", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain("#/$defs/");
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(name);
  });
});
