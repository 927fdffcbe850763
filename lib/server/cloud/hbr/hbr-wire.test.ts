import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { HBR_QUERY_PARAMS, HbrClient } from "@/lib/server/cloud/hbr/hbr-client";
import wire from "@/lib/server/cloud/hbr/fixtures/official-wire.json";
import { parseEnv } from "@/lib/server/env";

// Each HbrClient action sent over real HTTP to a recorder, compared with what the official SDK's client sends for
// the same input (fixtures/official-wire.json, written down from its source).

interface Fixture {
  method: string;
  input: object;
  query: Record<string, string>;
  body?: Record<string, string>;
}
const fixtures = Object.entries(wire).filter(([key]) => !key.startsWith("$")) as [string, Fixture][];
/** A fixture's action: its key, less a " (variant)" suffix when one action has several fixtures. */
const actionOf = (key: string) => key.replace(/ \(.*\)$/, "");

const seen: { action: string; query: Record<string, string>; body: string; contentType: string | undefined }[] = [];
let server: http.Server;
let cloud: CloudClients;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://recorder");
      seen.push({ action: String(req.headers["x-acs-action"]), query: Object.fromEntries(url.searchParams), body: Buffer.concat(chunks).toString("utf8"), contentType: req.headers["content-type"] });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ RequestId: "wire-test", Success: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const env = parseEnv({ ...process.env, CLOUD_MODE: "emulator", EMULATOR_HOST: "127.0.0.1", EMULATOR_PORT: String((server.address() as AddressInfo).port), CLOUD_MAX_ATTEMPTS: "1" });
  cloud = createCloudClients(env);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** JSON texts compare as values (the SDK writes a model's keys in its own order); everything else as text. */
const asValues = (params: Record<string, string>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v]));

describe("HbrClient on the wire", () => {
  it("has a fixture for every action it sends, and a query/body rule for every fixture", () => {
    const methods = Object.getOwnPropertyNames(HbrClient.prototype).filter((m) => m !== "constructor" && m !== "call" && m !== "regionId");
    expect([...new Set(fixtures.map(([, f]) => f.method))].sort()).toEqual(methods.sort());
    expect([...new Set(fixtures.map(([key]) => actionOf(key)))].sort()).toEqual(Object.keys(HBR_QUERY_PARAMS).sort());
  });

  it.each(fixtures)("%s: the same query string and form body as the official SDK", async (key, fixture) => {
    const action = actionOf(key);
    const hbr = cloud.hbr("ap-southeast-1") as unknown as Record<string, (req: object) => Promise<unknown>>;
    seen.length = 0;
    await hbr[fixture.method]!.call(cloud.hbr("ap-southeast-1"), fixture.input);
    expect(seen).toHaveLength(1);
    const [sent] = seen;
    expect(sent!.action).toBe(action);
    expect(asValues(sent!.query)).toEqual(asValues(fixture.query));
    if (fixture.body) {
      expect(sent!.contentType).toBe("application/x-www-form-urlencoded");
      expect(asValues(Object.fromEntries(new URLSearchParams(sent!.body)))).toEqual(asValues(fixture.body));
    } else {
      expect(sent!.body).toBe("");
    }
  });
});
