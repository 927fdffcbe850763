import { z } from "zod";

// Names of well-known regions, for labels before the live list (GET /api/regions, from ECS DescribeRegions) has
// loaded. Which regions exist and what they support is always read live.
export const regions = [
  { regionId: "ap-southeast-1", localName: "Singapore" },
  { regionId: "cn-hongkong", localName: "China (Hong Kong)" },
  { regionId: "cn-hangzhou", localName: "China (Hangzhou)" },
  { regionId: "cn-shanghai", localName: "China (Shanghai)" },
  { regionId: "ap-northeast-1", localName: "Japan (Tokyo)" },
] as const;

export const DEFAULT_REGION_ID = "ap-southeast-1";
export const regionIdSchema = z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, "Not a region id");

/** The region named in the URL when it is a well-formed id (the API checks that it exists), else the default. */
export function regionOrDefault(value: string | string[] | undefined | null): string {
  const id = Array.isArray(value) ? value[0] : value;
  return id && regionIdSchema.safeParse(id).success ? id : DEFAULT_REGION_ID;
}

/** "China (Hong Kong)" for "cn-hongkong"; an unknown id is shown as is. */
export function regionNameOf(regionId: string): string {
  return regions.find((r) => r.regionId === regionId)?.localName ?? regionId;
}
