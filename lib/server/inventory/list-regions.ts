import "server-only";
import type { Region } from "@/lib/schemas/inventory";
import { APP_CONSISTENT_REGIONS } from "@/lib/schemas/plan";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { ApiError } from "@/lib/server/http/api-error";

/** Policy support changes rarely (a region gains Policy Center); one probe per region per 10 minutes is plenty. */
export const POLICY_SUPPORT_TTL_MS = 10 * 60 * 1000;
const POLICY_NOT_SUPPORTED = "Policy.NotSupportedInRegion";

// Per set of clients, so tests with their own emulator never see another emulator's answers.
const policySupportCache = new WeakMap<CloudClients, Map<string, { isSupported: boolean; expiresAt: number }>>();

/**
 * Whether Auto Backup uses backup policies in this region. HBR shows it only by refusing policy calls with
 * 400 Policy.NotSupportedInRegion, so a cheap DescribePoliciesV2 is the probe; any other error is real trouble.
 */
export async function isPolicySupported(cloud: CloudClients, regionId: string): Promise<boolean> {
  let cache = policySupportCache.get(cloud);
  if (!cache) policySupportCache.set(cloud, (cache = new Map()));
  const hit = cache.get(regionId);
  if (hit && hit.expiresAt > Date.now()) return hit.isSupported;
  let isSupported = true;
  try {
    await cloud.hbr(regionId).describePoliciesV2({ maxResults: 10 });
  } catch (err) {
    if (!(isCloudError(err) && err.code === POLICY_NOT_SUPPORTED)) throw err;
    isSupported = false;
  }
  cache.set(regionId, { isSupported, expiresAt: Date.now() + POLICY_SUPPORT_TTL_MS });
  return isSupported;
}

const isAppConsistentRegion = (regionId: string) => (APP_CONSISTENT_REGIONS as readonly string[]).includes(regionId);

async function describeRegions(cloud: CloudClients) {
  // DescribeRegions is global in effect; any region's endpoint answers it.
  const res = await cloud.ecs("cn-hangzhou").describeRegions(new $Ecs.DescribeRegionsRequest({ acceptLanguage: "en-US" }));
  return (res.body?.regions?.region ?? [])
    .filter((r) => r.regionId && r.status !== "soldOut")
    .map((r) => ({ regionId: r.regionId!, localName: r.localName || r.regionId! }));
}

async function toRegion(cloud: CloudClients, r: { regionId: string; localName: string }): Promise<Region> {
  return {
    regionId: r.regionId,
    localName: r.localName,
    policySupported: await isPolicySupported(cloud, r.regionId),
    appConsistentSupported: isAppConsistentRegion(r.regionId),
  };
}

/** The account's ECS regions with what HBR offers in each. */
export async function listRegions(cloud: CloudClients): Promise<Region[]> {
  const regions = await describeRegions(cloud);
  return Promise.all(regions.map((r) => toRegion(cloud, r)));
}

/** One region of the account, probing only that one; 404 for a region ECS does not list. */
export async function getRegionOrThrow(cloud: CloudClients, regionId: string): Promise<Region> {
  const region = (await describeRegions(cloud)).find((r) => r.regionId === regionId);
  if (!region) throw new ApiError("NOT_FOUND", "Unknown region", { fieldErrors: { regionId: [`${regionId} is not a region of this account`] } });
  return toRegion(cloud, region);
}
