import "server-only";
import type { Region } from "@/lib/schemas/regions";
import { APP_CONSISTENT_REGIONS } from "@/lib/schemas/plan";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { ApiError } from "@/lib/server/http/api-error";
import { getLogger } from "@/lib/server/log/logger";

/** Policy support changes rarely (a region gains Policy Center); one probe per region per 10 minutes is plenty. */
export const POLICY_SUPPORT_TTL_MS = 10 * 60 * 1000;
const POLICY_NOT_SUPPORTED = "Policy.NotSupportedInRegion";

/** A region whose policy support is known (true or false), as every use case that acts on it needs. */
export type KnownRegion = Region & { policySupported: boolean };
export interface RegionName {
  regionId: string;
  localName: string;
}

// Per set of clients, so tests with their own emulator never see another emulator's answers.
const policySupportCache = new WeakMap<CloudClients, Map<string, { isSupported: boolean; expiresAt: number }>>();

/**
 * Whether Auto Backup uses backup policies in this region: true, false, or null when HBR's answer says neither.
 * HBR shows it only by refusing policy calls with 400 Policy.NotSupportedInRegion, so a cheap DescribePoliciesV2 is
 * the probe. Any other failure (no HBR endpoint there, service not activated, a timeout) is logged and leaves the
 * answer unknown, uncached, so one region in trouble never breaks the others.
 */
export async function isPolicySupported(cloud: CloudClients, regionId: string): Promise<boolean | null> {
  return (await probePolicySupport(cloud, regionId)).isSupported;
}

/** The probe behind isPolicySupported, with what the failed call said when the answer is unknown. */
async function probePolicySupport(cloud: CloudClients, regionId: string): Promise<{ isSupported: boolean | null; cause?: string }> {
  let cache = policySupportCache.get(cloud);
  if (!cache) policySupportCache.set(cloud, (cache = new Map()));
  const hit = cache.get(regionId);
  if (hit && hit.expiresAt > Date.now()) return { isSupported: hit.isSupported };
  let isSupported = true;
  try {
    await cloud.hbr(regionId).describePoliciesV2({ maxResults: 10 });
  } catch (err) {
    if (!(isCloudError(err) && err.code === POLICY_NOT_SUPPORTED)) {
      const cause = isCloudError(err) ? { code: err.code, statusCode: err.statusCode, requestId: err.requestId } : { message: err instanceof Error ? err.message : String(err) };
      getLogger().warn({ regionId, ...cause }, "policy support unknown: the DescribePoliciesV2 probe failed");
      return { isSupported: null, cause: isCloudError(err) ? [err.code, err.requestId && `RequestId ${err.requestId}`].filter(Boolean).join(", ") : "no answer" };
    }
    isSupported = false;
  }
  cache.set(regionId, { isSupported, expiresAt: Date.now() + POLICY_SUPPORT_TTL_MS });
  return { isSupported };
}

const isAppConsistentRegion = (regionId: string) => (APP_CONSISTENT_REGIONS as readonly string[]).includes(regionId);

/** The account's ECS regions, without probing HBR. */
export async function listRegionNames(cloud: CloudClients): Promise<RegionName[]> {
  // DescribeRegions is global in effect; any region's endpoint answers it.
  const res = await cloud.ecs("cn-hangzhou").describeRegions(new $Ecs.DescribeRegionsRequest({ acceptLanguage: "en-US" }));
  return (res.body?.regions?.region ?? [])
    .filter((r) => r.regionId && r.status !== "soldOut")
    .map((r) => ({ regionId: r.regionId!, localName: r.localName || r.regionId! }));
}

const toRegion = (r: RegionName, policySupported: boolean | null): Region => ({
  regionId: r.regionId,
  localName: r.localName,
  policySupported,
  appConsistentSupported: isAppConsistentRegion(r.regionId),
});

/** The account's ECS regions with what HBR offers in each; a region whose probe failed says "unknown" (null). */
export async function listRegions(cloud: CloudClients): Promise<Region[]> {
  const regions = await listRegionNames(cloud);
  return Promise.all(regions.map(async (r) => toRegion(r, await isPolicySupported(cloud, r.regionId))));
}

/** One listed region, probing only that one; 503 when its policy support cannot be told now. */
export async function describeRegionOrThrow(cloud: CloudClients, region: RegionName): Promise<KnownRegion> {
  const { isSupported, cause } = await probePolicySupport(cloud, region.regionId);
  if (isSupported === null) {
    throw new ApiError("UNAVAILABLE", `Whether ${region.localName} supports backup policies could not be read from HBR right now (${cause}). Try again in a minute.`);
  }
  return { ...toRegion(region, isSupported), policySupported: isSupported };
}

/** One region of the account, probing only that one; 404 for a region ECS does not list, 503 when its policy support is unknown. */
export async function getRegionOrThrow(cloud: CloudClients, regionId: string): Promise<KnownRegion> {
  const region = (await listRegionNames(cloud)).find((r) => r.regionId === regionId);
  if (!region) throw new ApiError("NOT_FOUND", "Unknown region", { fieldErrors: { regionId: [`${regionId} is not a region of this account`] } });
  return describeRegionOrThrow(cloud, region);
}
