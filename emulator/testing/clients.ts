/** Official SDK clients pointed at an in-process emulator: the only way the tests talk to it. */
import EcsModule, * as $Ecs from "@alicloud/ecs20140526";
import RamModule, * as $Ram from "@alicloud/ram20150501";
import OpenApiModule, { $OpenApiUtil } from "@alicloud/openapi-core";
import { defaultScenario } from "../scenario/default-scenario.ts";
import { parseScenario, type Scenario } from "../scenario/schema.ts";
import { DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, startEmulator, type EmulatorOptions, type RunningEmulator } from "../server.ts";

type Ctor<T> = new (config: $OpenApiUtil.Config) => T;
const unwrap = <T>(m: unknown): Ctor<T> => ((m as { default?: unknown }).default ?? m) as Ctor<T>;
export const EcsClient = unwrap<EcsModule>(EcsModule);
export const RamClient = unwrap<RamModule>(RamModule);
export const OpenApiClient = unwrap<OpenApiModule>(OpenApiModule);
export { $Ecs, $Ram, $OpenApiUtil };

/** The default fleet with a 150-instance generated region instead of 5,000, to keep tests fast. */
export function testScenario(): Scenario {
  return parseScenario({ ...defaultScenario(), generate: [{ regionId: "ap-northeast-1", count: 150, namePrefix: "bulk-" }] }, "test");
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ inMemory: true, scenario: testScenario(), ...options });
}

export interface Keys {
  accessKeyId?: string;
  accessKeySecret?: string;
}

function config(emu: { port: number }, regionId: string, keys: Keys = {}) {
  return new $OpenApiUtil.Config({
    accessKeyId: keys.accessKeyId ?? DEV_ACCESS_KEY_ID,
    accessKeySecret: keys.accessKeySecret ?? DEV_ACCESS_KEY_SECRET,
    endpoint: `127.0.0.1:${emu.port}`,
    protocol: "http",
    regionId,
    readTimeout: 10_000,
    connectTimeout: 10_000,
  });
}

export const ecsClient = (emu: { port: number }, regionId = "ap-southeast-1", keys?: Keys) => new EcsClient(config(emu, regionId, keys));
export const ramClient = (emu: { port: number }, keys?: Keys) => new RamClient(config(emu, "cn-hangzhou", keys));

/** HBR responses are read loosely in tests: the JSON envelope as the service sent it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** HBR through openapi-core's generic RPC call, with the region header the typed client always sends. */
export function hbrClient(emu: { port: number }, regionId = "ap-southeast-1", keys?: Keys) {
  const client = new OpenApiClient(config(emu, regionId, keys));
  return async <T = Loose>(action: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}, query: Record<string, string> = {}): Promise<T> => {
    const params = new $OpenApiUtil.Params({
      action, version: "2017-09-08", protocol: "HTTP", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json",
    });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (v !== undefined) flat[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
    const request = new $OpenApiUtil.OpenApiRequest({ body: flat, query, headers: { "x-hbr-emulator-region": regionId, ...headers } });
    const res = (await client.callApi(params, request, {} as Parameters<OpenApiModule["callApi"]>[2])) as { body: T };
    return res.body;
  };
}

export async function admin(emu: RunningEmulator, path: string, method = "POST", body?: unknown): Promise<Loose> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

/** Rejection details of an SDK call. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; statusCode: number; data: Record<string, unknown>; name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; statusCode: number; data: Record<string, unknown>; name: string };
  }
  throw new Error("expected the call to fail");
}
