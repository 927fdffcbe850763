import { z } from "zod";

// Regions the console offers in the top bar until issue 2 reads them live from ECS DescribeRegions.
// policySupported: whether Auto Backup uses backup policies there (Policy Center) or a backup plan.
export const regions = [
  { regionId: "ap-southeast-1", localName: "Singapore", policySupported: true },
  { regionId: "cn-hongkong", localName: "China (Hong Kong)", policySupported: true },
  { regionId: "cn-hangzhou", localName: "China (Hangzhou)", policySupported: true },
  { regionId: "cn-shanghai", localName: "China (Shanghai)", policySupported: false },
  { regionId: "ap-northeast-1", localName: "Japan (Tokyo)", policySupported: false },
  { regionId: "eu-central-1", localName: "Germany (Frankfurt)", policySupported: false },
] as const;

export const DEFAULT_REGION_ID = "ap-southeast-1";
export const regionIdSchema = z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, "Not a region id");

export function regionOrDefault(value: string | string[] | undefined | null): string {
  const id = Array.isArray(value) ? value[0] : value;
  return regions.some((r) => r.regionId === id) ? id! : DEFAULT_REGION_ID;
}

/** "China (Hong Kong)" for "cn-hongkong"; an unknown id is shown as is. */
export function regionNameOf(regionId: string): string {
  return regions.find((r) => r.regionId === regionId)?.localName ?? regionId;
}
