import "server-only";
import { $Ecs, createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import type { Env } from "@/lib/server/env";

export interface CloudHealth {
  ok: boolean;
  mode: Env["CLOUD_MODE"];
  latencyMs: number | null;
  regions?: number;
  error?: { code: string; message: string; requestId: string | null };
}

const globalForCheck = globalThis as unknown as { hbrHealthCloud?: CloudClients };

/** A signed ECS DescribeRegions: proves endpoint, credentials and signature. One short attempt, no retries. */
export async function checkCloud(env: Env): Promise<CloudHealth> {
  globalForCheck.hbrHealthCloud ??= createCloudClients({ ...env, CLOUD_MAX_ATTEMPTS: 1, CLOUD_TIMEOUT_MS: Math.min(env.CLOUD_TIMEOUT_MS, 3000) });
  const started = performance.now();
  try {
    const res = await globalForCheck.hbrHealthCloud.ecs("cn-hangzhou").describeRegions(new $Ecs.DescribeRegionsRequest({ acceptLanguage: "en-US" }));
    return {
      ok: true,
      mode: env.CLOUD_MODE,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      regions: res.body?.regions?.region?.length ?? 0,
    };
  } catch (err) {
    const e = isCloudError(err) ? err : null;
    return {
      ok: false,
      mode: env.CLOUD_MODE,
      latencyMs: null,
      error: { code: e?.code ?? "Unknown", message: e?.message ?? String(err), requestId: e?.requestId ?? null },
    };
  }
}
