import "server-only";
import { z } from "zod";
import { errorEnvelopeSchema } from "@/lib/schemas/api-error";
import { apiRouteList, type ApiRoute } from "@/lib/server/http/api-routes";

type JsonSchema = Record<string, unknown>;
type Components = Record<string, JsonSchema>;

export const SESSION_COOKIE = "better-auth.session_token";

const errorDescriptions: Record<number, string> = {
  400: "Bad request (a body that is not JSON, a NUL character, a malformed percent-encoding)",
  401: "Not signed in",
  403: "Not allowed: viewers on mutating routes, or a change sent from another site (Origin, Sec-Fetch-Site, Referer)",
  404: "No such record",
  409: "Conflicts with the current state (unique clash, wrong status)",
  415: "A mutating request whose body is not Content-Type: application/json",
  422: "Validation failed: every issue keyed by its dotted path in fieldErrors",
  429: "Too many requests",
  500: "Unexpected error; quote the requestId",
  503: "A dependency (database, queue, cloud) is unavailable; retry after the Retry-After header's seconds",
};

/**
 * zod writes recursive or shared parts of a schema to a local `$defs`; inside an OpenAPI document "#/$defs/…"
 * would point at the document root, so they move to components.schemas under a name unique to this document.
 */
function hoistDefs(schema: JsonSchema, components: Components): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = schema as JsonSchema & { $defs?: Components };
  if (!$defs) return rest;
  const renames = new Map<string, string>();
  for (const [name, def] of Object.entries($defs)) {
    const text = JSON.stringify(def);
    const same = Object.entries(components).find(([, existing]) => JSON.stringify(existing) === text);
    const unique = same?.[0] ?? `Def${Object.keys(components).length + 1}`;
    renames.set(`#/$defs/${name}`, `#/components/schemas/${unique}`);
    if (!same) components[unique] = def;
  }
  const rewrite = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(rewrite)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? (renames.get(v) ?? v) : rewrite(v)]))
        : value;
  for (const name of new Set(renames.values())) {
    const key = name.slice("#/components/schemas/".length);
    components[key] = rewrite(components[key]) as JsonSchema;
  }
  return rewrite(rest) as JsonSchema;
}

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output", components: Components): JsonSchema {
  // Transforms and refinements cannot be expressed in JSON Schema; the shape they apply to still is.
  return hoistDefs(z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema, components);
}

function parametersOf(route: ApiRoute, components: Components): unknown[] {
  const out: unknown[] = [];
  const add = (schema: z.ZodType | undefined, where: "path" | "query" | "header") => {
    if (!schema) return;
    const json = jsonSchemaOf(schema, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        ...(typeof property.description === "string" ? { description: property.description } : {}),
        schema: property,
        ...(where === "path" && route.paramExamples?.[name] ? { example: route.paramExamples[name] } : {}),
      });
    }
  };
  add(route.params, "path");
  add(route.query, "query");
  add(route.headers, "header");
  return out;
}

/** The error statuses a route can answer: withRoute's own, by access and parsing, plus the route's. */
export function errorStatusesOf(route: ApiRoute): number[] {
  const statuses = new Set(route.errors ?? []);
  if (!route.isAuthLibrary) {
    if (route.access !== "public") statuses.add(401);
    if (route.access === "admin") statuses.add(403);
    if (route.method !== "GET") statuses.add(403).add(415);
    if (route.params || route.query || route.body) statuses.add(422).add(400);
    if (route.headers) statuses.add(400);
    statuses.add(500).add(503);
  }
  return [...statuses].sort((a, b) => a - b);
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** "GET /api/plans/{planId}/retry" → "getPlansByPlanIdRetry". */
function operationIdOf(route: ApiRoute): string {
  const words = route.path
    .split("/")
    .slice(2)
    .flatMap((segment) => (segment.startsWith("{") ? ["by", segment.slice(1, -1)] : segment.split(/[^A-Za-z0-9]+/)));
  return route.method.toLowerCase() + words.filter(Boolean).map(capitalize).join("");
}

function successContentOf(route: ApiRoute, components: Components): Record<string, unknown> | undefined {
  const response = route.response;
  if ("raw" in response) return { [response.raw]: { schema: { type: "string" } } };
  return "schema" in response ? { "application/json": { schema: jsonSchemaOf(response.schema, "output", components) } } : undefined;
}

function operationOf(route: ApiRoute, components: Components): Record<string, unknown> {
  const content = successContentOf(route, components);
  const responses: Record<string, unknown> = {
    [route.response.status]: { description: route.response.description, ...(content ? { content } : {}) },
  };
  for (const status of errorStatusesOf(route)) {
    responses[status] = {
      description: errorDescriptions[status] ?? "Error",
      ...(route.isAuthLibrary ? {} : { content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } } }),
    };
  }
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    tags: [route.path.split("/")[2]],
    "x-access": route.access,
    security: route.access === "public" ? [] : [{ session: [] }],
    parameters: parametersOf(route, components),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(route.body, "input", components) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every /api route, generated from the zod schemas the routes parse with. */
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Components; securitySchemes: Record<string, unknown> };
};

export function buildOpenApiDocument(routes: readonly ApiRoute[] = apiRouteList): OpenApiDocument {
  const components: Components = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, components);
  }
  components.ErrorEnvelope = jsonSchemaOf(errorEnvelopeSchema, "output", components);
  return {
    openapi: "3.1.0",
    info: {
      title: "hbr-console API",
      version: "1",
      description: "Hybrid Backup Recovery console. Signed-in routes take the session cookie set by POST /api/auth/sign-in/email; mutating routes need the admin role (viewers get 403).",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      schemas: components,
      securitySchemes: { session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE } },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
