// The zod-free half of regions.ts, so the app shell can read ?region= without loading zod into every page's
// first-load JS. Names of well-known regions are for labels before the live list (GET /api/regions, from ECS
// DescribeRegions) has loaded; which regions exist and what they support is always read live.
export const regions = [
  { regionId: "ap-southeast-1", localName: "Singapore" },
  { regionId: "cn-hongkong", localName: "China (Hong Kong)" },
  { regionId: "cn-hangzhou", localName: "China (Hangzhou)" },
  { regionId: "cn-shanghai", localName: "China (Shanghai)" },
  { regionId: "ap-northeast-1", localName: "Japan (Tokyo)" },
] as const;

export const DEFAULT_REGION_ID = "ap-southeast-1";
export const REGION_ID_PATTERN = /^[a-z]{2,}-[a-z0-9-]+$/;

/** The region named in the URL when it is a well-formed id (the API checks that it exists), else the default. */
export function regionOrDefault(value: string | string[] | undefined | null): string {
  const id = Array.isArray(value) ? value[0] : value;
  return id && REGION_ID_PATTERN.test(id) ? id : DEFAULT_REGION_ID;
}

/** "China (Hong Kong)" for "cn-hongkong"; an unknown id is shown as is. */
export function regionNameOf(regionId: string): string {
  return regions.find((r) => r.regionId === regionId)?.localName ?? regionId;
}
