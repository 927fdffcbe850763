import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../fixtures";

// Malformed requests to every route /api/openapi.json documents (better-auth's /api/auth/* aside), anonymous and as
// the admin: bad path segments (undecodable percent-encoding, NUL, very long, unicode), bad query values, bodies
// that are not JSON, of the wrong shape, missing a required field, with NUL characters or huge numbers, and the
// wrong content type. None may answer 5xx. Every mutating request is built to be invalid (a required field is
// missing, the body is not JSON, the content type or the origin is wrong, or the path names nothing), so none may
// succeed and none may write: afterwards no audit event carries one of their request ids and no user, plan or
// policy carries their marker. Deterministic: one seed, the same requests on every run.

const SEED = 0x5eed_2026;
const ADMIN_PER_ROUTE = 200;
const ANON_PER_ROUTE = 50;
const CONCURRENCY = 16;
const MARK = "fz7q";
const RUN = `fuzz-${SEED.toString(36)}-${Date.now().toString(36)}`;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
  enum?: unknown[];
}

interface Operation {
  parameters: { name: string; in: string; example?: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

interface Route {
  method: string;
  path: string;
  op: Operation;
  body?: JsonSchema;
}

interface Case {
  route: Route;
  role: "anonymous" | "admin";
  url: string;
  headers: Record<string, string>;
  data?: string | Buffer;
  why: string;
}

/** mulberry32: a small deterministic generator. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof generator>;

// Path segments as they go on the wire (already percent-encoded, or deliberately not).
const BAD_SEGMENTS = [
  "%00",
  `${MARK}%00x`,
  "%2500",
  "%252F",
  "a".repeat(3000),
  "b".repeat(20_000),
  encodeURIComponent("💥".repeat(40)),
  encodeURIComponent("名前\u202e"),
  encodeURIComponent(" "),
  encodeURIComponent(`'; DROP TABLE "plan";--`),
  encodeURIComponent("<script>alert(1)</script>"),
  "null",
  "undefined",
  "-1",
  "0",
  "1e309",
  "NaN",
  encodeURIComponent("{}"),
  "%2e",
  "plan_%00",
  "po-%00",
  // Segments that cannot be percent-decoded: Next's router would answer them with its own 500 before any route
  // code runs; proxy.ts answers 400 with the error envelope first.
  "%zz",
  "%",
  "%E0%A4%A",
  "%ED%A0%80",
  "%C0%AF",
  "%FF%FE",
  "i-%zz",
];

// Query values (URLSearchParams encodes them).
const BAD_VALUES = [
  "\u0000",
  `${MARK}\u0000x`,
  "x".repeat(5000),
  "-1",
  "0",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "9".repeat(400),
  "1.5",
  "0x10",
  "💥",
  "\ud800",
  "",
  " ",
  "true",
  "[]",
  "{}",
  "null",
  "2026-13-45",
  "2026-02-30T25:61:00Z",
  "../../etc/passwd",
  "%zz",
  "a,b,c",
];

// Raw query strings with encodings URLSearchParams would never produce.
const RAW_QUERIES = ["%zz=1", "q=%zz", "page=%00", "q=a%00b", "actor=%00", "%00=%00", "q=%E0%A4%A", "page=1&page=2&page=x", "sort[$gt]=a"];

const BAD_JSON = ["{", '{"a":', "[1,", "nul", "\u0000", '{"a":1}}', '"', "{'a':1}", "\ufeff{}", "{\"a\":\"\\ud800\"", "1e", "--"];
const WRONG_ROOTS = ["null", "1", '"str"', "[]", "true", "1e309", "-0", '"\\u0000"', "[{}]"];
const WRONG_TYPES = ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonx", "application/json-patch+json", ""];

/** A value of any JSON type, sometimes nested deep, sometimes carrying NUL or huge numbers. */
function junk(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 8 : 11)) {
    case 0: return `${MARK}\u0000${rng.int(1000)}`;
    case 1: return "y".repeat(rng.pick([0, 1, 255, 256, 10_000]));
    case 2: return rng.pick([1e308, -1e308, 2 ** 53 + 1, -0, 0.1, 3.7, -1]);
    case 3: return rng.pick([true, false]);
    case 4: return null;
    case 5: return rng.pick(["💥", "\u202e", `${MARK}@`, "a@b", "admin", "viewer", "owner", "ap-southeast-1", "plan_missing0"]);
    case 6: return `${MARK}-${"z".repeat(rng.int(40))}`;
    case 7: return rng.pick(["2026-12-07T00:00:00Z", "2026-02-30", "not a date", "12:00", "25:99"]);
    case 8: return Array.from({ length: rng.int(4) }, () => junk(rng, depth + 1));
    case 9: return Object.fromEntries(Array.from({ length: rng.int(4) }, (_, i) => [rng.pick(["a", "__proto__", "constructor", `k\u0000${i}`, `${MARK}${i}`]), junk(rng, depth + 1)]));
    default: return [[[[[[[[[[[[[[[[[[[[junk(rng, depth + 1)]]]]]]]]]]]]]]]]]]]];
  }
}

/** A value whose JSON type differs from the schema's (or junk when the schema names no type). */
function wrongTyped(rng: Rng, schema: JsonSchema | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case "string": return rng.pick([42, true, null, [], {}, 1e309 as number]);
    case "number":
    case "integer": return rng.pick(["1", "NaN", true, null, [], {}, `${MARK}\u0000`]);
    case "boolean": return rng.pick(["true", 1, 0, null, []]);
    case "array": return rng.pick(["[]", {}, 1, `${MARK}\u0000`]);
    case "object": return rng.pick(["{}", [], 1, `${MARK}\u0000`, null]);
    default: return junk(rng);
  }
}

function resolve(doc: { components: { schemas: Record<string, JsonSchema> } }, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  return doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")];
}

function basePath(route: Route, segments: Record<string, string> = {}): string {
  return route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (segments[name] !== undefined) return segments[name];
    const example = route.op.parameters.find((p) => p.in === "path" && p.name === name)?.example;
    if (!example) throw new Error(`${route.method} ${route.path}: no example for path parameter ${name}`);
    return encodeURIComponent(example);
  });
}

/** A body that cannot pass the route's schema: not JSON, not an object, or an object missing a required field. */
function invalidBody(rng: Rng, route: Route): { data: string; why: string } {
  const required = route.body?.required ?? [];
  const kind = rng.int(required.length > 0 ? 5 : 3);
  if (kind === 0) return { data: rng.pick(BAD_JSON), why: "bad JSON" };
  if (kind === 1) return { data: rng.pick(WRONG_ROOTS), why: "wrong root" };
  if (kind === 2) {
    const depth = rng.pick([100, 5000]);
    return { data: "[".repeat(depth) + "]".repeat(depth), why: `nested ${depth}` };
  }
  const props = route.body?.properties ?? {};
  const obj: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(props)) {
    obj[name] = rng.chance(0.5) ? wrongTyped(rng, schema) : junk(rng);
  }
  const dropped = rng.pick(required);
  delete obj[dropped];
  if (rng.chance(0.3)) obj[`${MARK}_extra`] = junk(rng);
  let data = JSON.stringify(obj);
  if (kind === 4) data = data.replace(/}$/, `,"pad":"${"p".repeat(rng.pick([10, 200_000]))}"}`);
  return { data, why: `object without ${dropped}` };
}

function buildCase(rng: Rng, route: Route, role: Case["role"], n: number): Case {
  const pathParams = route.op.parameters.filter((p) => p.in === "path");
  const queryParams = route.op.parameters.filter((p) => p.in === "query");
  const mutating = route.method !== "GET";
  const headers: Record<string, string> = { "x-request-id": `${RUN}-${n}` };
  const why: string[] = [];
  const segments: Record<string, string> = {};
  let data: string | Buffer | undefined;

  // What makes a mutating request invalid (and harmless): a bad path, a broken body, the wrong content type or origin.
  const guards = [
    ...(pathParams.length > 0 ? ["path"] : []),
    ...(route.body ? ["body"] : []),
    "content-type",
    ...(rng.chance(0.15) ? ["origin"] : []),
  ];
  const chosen = new Set<string>([rng.pick(guards)]);
  if (rng.chance(0.35)) chosen.add(rng.pick(guards));
  if (!mutating && rng.chance(0.5)) chosen.delete("content-type");

  if (chosen.has("path") && pathParams.length > 0) {
    const param = rng.pick(pathParams);
    segments[param.name] = rng.pick(BAD_SEGMENTS);
    why.push(`${param.name}=${segments[param.name]!.slice(0, 20)}`);
  }

  const search = new URLSearchParams();
  if (queryParams.length > 0 && (!mutating || rng.chance(0.5))) {
    for (const p of queryParams) if (rng.chance(0.5)) search.append(p.name, rng.pick(BAD_VALUES));
  }
  if (rng.chance(0.2)) search.append(rng.pick(["unknown", MARK, "__proto__", "q\u0000"]), rng.pick(BAD_VALUES));
  let query = search.toString();
  if (rng.chance(0.2)) query = [query, rng.pick(RAW_QUERIES)].filter(Boolean).join("&");
  if (query) why.push(`?${query.slice(0, 30)}`);

  if (chosen.has("body") && route.body) {
    const body = invalidBody(rng, route);
    data = body.data;
    headers["content-type"] = rng.pick(["application/json", "application/json; charset=utf-8"]);
    why.push(body.why);
  } else if (mutating && route.body && !chosen.has("content-type")) {
    // The guard is the path or the origin: the body may look right.
    data = invalidBody(rng, route).data;
    headers["content-type"] = "application/json";
  }
  if (chosen.has("content-type")) {
    data ??= rng.chance(0.5) ? JSON.stringify(junk(rng)) : Buffer.from([0, 255, 254, 0xc0, 0xaf, 10]);
    headers["content-type"] = rng.pick(WRONG_TYPES);
    why.push(`content-type ${headers["content-type"] || "(empty)"}`);
  }
  if (chosen.has("origin")) {
    const origin = rng.pick(["http://evil.example", "null", "http://127.0.0.1:1"]);
    headers.origin = origin;
    why.push(`origin ${origin}`);
  }
  if (route.path === "/api/plans" && route.method === "POST" && rng.chance(0.3)) {
    headers["idempotency-key"] = rng.pick(["x", "k".repeat(200), `${MARK}-ok-key-123`, "bad key with spaces", "é".repeat(10)]);
  }
  const url = basePath(route, segments) + (query ? `?${query}` : "");
  return { route, role, url, headers, data, why: why.join(", ") };
}

async function documentedRoutes(api: APIRequestContext): Promise<Route[]> {
  const res = await api.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };
  return Object.entries(doc.paths)
    .filter(([path]) => !path.startsWith("/api/auth/"))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const body = resolve(doc, op.requestBody?.content["application/json"]?.schema);
        const properties = Object.fromEntries(Object.entries(body?.properties ?? {}).map(([k, v]) => [k, resolve(doc, v) ?? {}]));
        return { method: method.toUpperCase(), path, op, body: body ? { ...body, properties } : undefined };
      }),
    );
}

async function allAuditEventsSince(api: APIRequestContext, from: string): Promise<{ requestId: string | null; action: string }[]> {
  const events: { requestId: string | null; action: string }[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get(`/api/audit?from=${encodeURIComponent(from)}&pageSize=100&page=${page}`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { events: { requestId: string | null; action: string }[]; total: number };
    events.push(...body.events);
    if (body.events.length === 0 || events.length >= body.total) return events;
  }
}

test.describe("fuzzing every documented route", () => {
  test.setTimeout(180_000);

  test("hundreds of malformed requests per route: never a 5xx, never a write", async ({ adminApi, anonApi }) => {
    const started = new Date(Date.now() - 1000).toISOString();
    const routes = await documentedRoutes(anonApi);
    expect(routes.length).toBeGreaterThanOrEqual(20);

    const rng = generator(SEED);
    const cases: Case[] = [];
    for (const route of routes) {
      for (let i = 0; i < ADMIN_PER_ROUTE + ANON_PER_ROUTE; i++) {
        cases.push(buildCase(rng, route, i < ADMIN_PER_ROUTE ? "admin" : "anonymous", cases.length));
      }
    }

    const serverErrors: string[] = [];
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const api = c.role === "admin" ? adminApi : anonApi;
          const res = await api.fetch(c.url, { method: c.route.method, headers: c.headers, data: c.data, maxRedirects: 0, timeout: 30_000 });
          const status = res.status();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const label = `${c.route.method} ${c.url.slice(0, 120)} as ${c.role} (${c.why}): ${status}`;
          if (status >= 500) serverErrors.push(`${label} ${(await res.text()).slice(0, 200)}`);
          else if (c.route.method !== "GET" && status >= 200 && status < 300) accepted.push(label);
          await res.dispose();
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const summary = `fuzz: ${cases.length} requests over ${routes.length} routes in ${seconds.toFixed(1)} s, ${serverErrors.length} answered 5xx; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`;
    console.log(summary);
    test.info().annotations.push({ type: "fuzz", description: summary });

    // Nothing the fuzz sent was written.
    const audit = await allAuditEventsSince(adminApi, started);
    const written = audit.filter((e) => e.requestId?.startsWith(RUN)).map((e) => `audit ${e.action} ${e.requestId}`);
    const { users } = (await (await adminApi.get("/api/users")).json()) as { users: { email: string; name: string }[] };
    written.push(...users.filter((u) => u.email.includes(MARK) || u.name.includes(MARK)).map((u) => `user ${u.email}`));
    const plans = (await (await adminApi.get(`/api/plans?q=${MARK}`)).json()) as { total: number };
    if (plans.total > 0) written.push(`${plans.total} plans named ${MARK}`);
    const { policies } = (await (await adminApi.get("/api/regions/ap-southeast-1/policies")).json()) as { policies: { policyName: string }[] };
    written.push(...policies.filter((p) => p.policyName.includes(MARK)).map((p) => `policy ${p.policyName}`));

    expect({ serverErrors, accepted, written }).toEqual({ serverErrors: [], accepted: [], written: [] });
  });
});
