import "server-only";
import Credential from "@alicloud/credentials";
import EcsModule, * as $Ecs from "@alicloud/ecs20140526";
import OpenApiModule, { $OpenApiUtil } from "@alicloud/openapi-core";
import RamModule, * as $Ram from "@alicloud/ram20150501";
import { HbrClient } from "@/lib/server/cloud/hbr/hbr-client";
import { withRetries, type CallKind, type CallObserver, type RetryPolicy } from "@/lib/server/cloud/with-retries";
import type { Env } from "@/lib/server/env";

export { $Ecs, $Ram };

// The SDK packages are CommonJS with `exports.default`; under ESM the class sits on `.default`.
type Ctor<T> = new (config: $OpenApiUtil.Config) => T;
const classOf = <T>(mod: unknown): Ctor<T> => ((mod as { default?: unknown }).default ?? mod) as Ctor<T>;
const Ecs = classOf<EcsModule>(EcsModule);
const Ram = classOf<RamModule>(RamModule);
const OpenApi = classOf<OpenApiModule>(OpenApiModule);
const CredentialClass = classOf<Credential>(Credential) as unknown as new () => Credential;

export type EcsClient = EcsModule;
export type RamClient = RamModule;

/** Header the emulator reads for the region of HBR actions that carry no RegionId (emulator/README.md). */
export const EMULATOR_REGION_HEADER = "x-hbr-emulator-region";

/**
 * ECS and RAM actions the console calls that make something new each time they are processed, so they are
 * never sent again blind after a timeout (with-retries.ts, CallKind): the caller's step looks first.
 * RunCommand and SendFile start an invocation in the guest; InstallCloudAssistant and AttachInstanceRamRole
 * change an instance and answer a repeat with an error. RAM's CreateRole, CreatePolicy and AttachPolicyToRole
 * are creates too, but named: a repeat cannot make a second one and answers EntityAlreadyExists.*, which the
 * RAM role fix reads as done, so they keep the ordinary retries.
 */
const CREATES: Record<"ecs" | "ram", ReadonlySet<string>> = {
  ecs: new Set(["RunCommand", "InvokeCommand", "SendFile", "InstallCloudAssistant", "AttachInstanceRamRole"]),
  ram: new Set(),
};
const callKind = (product: "ecs" | "ram", action: string): CallKind => (CREATES[product].has(action) ? "create" : "read");

/**
 * Wraps an official SDK client so each action method (`describeInstances(req)`) gets bounded retries and
 * CloudError mapping. `…WithOptions` and non-action members pass through untouched.
 */
function withCallPolicy<T extends object>(product: "ecs" | "ram", client: T, retry: RetryPolicy, observer?: CallObserver): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || typeof prop !== "string" || !/^[a-z]/.test(prop) || prop.endsWith("WithOptions")) return value;
      const action = prop.charAt(0).toUpperCase() + prop.slice(1);
      return (...args: unknown[]) => withRetries({ product, action, kind: callKind(product, action) }, retry, () => value.apply(target, args), observer);
    },
  });
}

export interface CloudClients {
  mode: Env["CLOUD_MODE"];
  ecs(regionId: string): EcsClient;
  ram(): RamClient;
  hbr(regionId: string): HbrClient;
}

/** The ECS, RAM and HBR clients for this environment: the emulator with its dev key, or Alibaba Cloud. */
export function createCloudClients(env: Env, observer?: CallObserver): CloudClients {
  const retry: RetryPolicy = { maxAttempts: env.CLOUD_MAX_ATTEMPTS, baseMs: env.CLOUD_RETRY_BASE_MS, capMs: 10_000 };
  const timeouts = { readTimeout: env.CLOUD_TIMEOUT_MS, connectTimeout: env.CLOUD_TIMEOUT_MS };
  const isEmulator = env.CLOUD_MODE === "emulator";
  // One credential chain for every client in Alibaba mode (env, profile, ECS RAM role, …).
  const credential = isEmulator ? undefined : new CredentialClass();

  const config = (regionId: string, endpoint?: string) =>
    new $OpenApiUtil.Config(
      isEmulator
        ? {
            accessKeyId: env.EMULATOR_ACCESS_KEY_ID,
            accessKeySecret: env.EMULATOR_ACCESS_KEY_SECRET,
            endpoint: `${env.EMULATOR_HOST}:${env.EMULATOR_PORT}`,
            protocol: "http",
            regionId,
            ...timeouts,
          }
        : { credential, endpoint, protocol: "https", regionId, ...timeouts },
    );

  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };

  return {
    mode: env.CLOUD_MODE,
    // ECS and RAM resolve their regional/central endpoints themselves from regionId.
    ecs: (regionId) => memo(`ecs:${regionId}`, () => withCallPolicy("ecs", new Ecs(config(regionId)), retry, observer)),
    ram: () => memo("ram", () => withCallPolicy("ram", new Ram(config("cn-hangzhou", isEmulator ? undefined : "ram.aliyuncs.com")), retry, observer)),
    // The generic client has no endpoint map: HBR's regional endpoint is named here.
    hbr: (regionId) =>
      memo(`hbr:${regionId}`, () => {
        const client = new OpenApi(config(regionId, isEmulator ? undefined : `hbr.${regionId}.aliyuncs.com`));
        return new HbrClient({ client, regionId, retry, observer, regionHeader: isEmulator ? EMULATOR_REGION_HEADER : undefined });
      }),
  };
}
