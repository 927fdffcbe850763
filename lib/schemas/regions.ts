import { z } from "zod";
import { REGION_ID_PATTERN } from "./region-names";

// What GET /api/regions answers (ECS DescribeRegions, with what HBR offers in each), and the :regionId path
// parameter every regional route takes. The zod-free names and defaults are in region-names.ts.

export const regionSchema = z.object({
  regionId: z.string(),
  localName: z.string(),
  /**
   * Auto Backup uses backup policies here (Policy Center); elsewhere a backup plan per instance. null = unknown:
   * HBR's probe in this region failed just now (shown as "Policy support unknown"; asked again on the next read).
   */
  policySupported: z.boolean().nullable(),
  /** Application-consistent backup is offered here (Singapore, China (Hong Kong)). */
  appConsistentSupported: z.boolean(),
});
export type Region = z.infer<typeof regionSchema>;
export const regionListSchema = z.object({ regions: z.array(regionSchema) });

export const regionParamsSchema = z.object({ regionId: z.string().regex(REGION_ID_PATTERN, "Not a region id") });
