import { z } from "zod";
import { consistencyLevels } from "./plan";
import { REGION_ID_PATTERN } from "./region-names";

// What the inventory API answers: live views of the region's ECS instances, their disks, HBR policies and the
// application-consistency prerequisites, read through the cloud clients.

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

export const diskSchema = z.object({
  diskId: z.string(),
  diskName: z.string(),
  type: z.enum(["system", "data"]),
  category: z.string(),
  sizeGiB: z.number(),
  device: z.string(),
  zoneId: z.string(),
});
export type Disk = z.infer<typeof diskSchema>;

export const instanceSchema = z.object({
  instanceId: z.string(),
  instanceName: z.string(),
  osType: z.enum(["linux", "windows"]),
  osName: z.string(),
  status: z.string(),
  zoneId: z.string(),
  regionId: z.string(),
  disks: z.array(diskSchema),
  /** All disks ESSD in one zone: HBR makes a snapshot-consistent group automatically; otherwise only crash consistency of disks. */
  snapshotGroupSupported: z.boolean(),
  snapshotGroupReason: z.string(),
  /** The backup policy this instance is bound to already (one instance, one policy), if any. */
  boundPolicyId: z.string().nullable(),
  ramRoleName: z.string().nullable(),
});
export type Instance = z.infer<typeof instanceSchema>;

export const instanceListQuerySchema = z.object({
  q: z.string().trim().max(128).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const instanceListSchema = z.object({
  instances: z.array(instanceSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export const regionParamsSchema = z.object({ regionId: z.string().regex(REGION_ID_PATTERN, "Not a region id") });
export const instanceParamsSchema = regionParamsSchema.extend({ instanceId: z.string().regex(/^i-[A-Za-z0-9]+$/, "Not an ECS instance id") });

export const policySummarySchema = z.object({
  policyId: z.string(),
  policyName: z.string(),
  /** e.g. "Every 1 day from 2026-12-01 02:00 UTC, keep 7 days" */
  scheduleText: z.string(),
  schedule: z.string().nullable(),
  retentionDays: z.number().nullable(),
  replicationRegionId: z.string().nullable(),
  bindingCount: z.number().int(),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;
export const policyListSchema = z.object({ policies: z.array(policySummarySchema) });

export const checkIds = ["os", "disks", "fileSystems", "region", "ramRole", "cloudAssistant", "scripts"] as const;
export const checkStatuses = ["pass", "fail", "unknown", "notApplicable"] as const;
export const checkItemSchema = z.object({
  id: z.enum(checkIds),
  label: z.string(),
  /** notApplicable: the prerequisite does not concern this instance (Linux scripts on Windows, which uses VSS). */
  status: z.enum(checkStatuses),
  /** What was seen, e.g. "CentOS 7.9 64 bit", "d-… is cloud_efficiency", "/tmp/prescript.sh 755 root". */
  evidence: z.string(),
});
export type CheckItem = z.infer<typeof checkItemSchema>;

export const prerequisitesSchema = z.object({
  instanceId: z.string(),
  osType: z.enum(["linux", "windows"]),
  items: z.array(checkItemSchema),
  /** The consistency a backup with Application Consistent Backup turned on will reach, and why. */
  predicted: z.object({ level: z.enum(["APPLICATION", "FILE_SYSTEM", "CRASH"]), reason: z.string() }),
  checkedAt: z.string(),
});
export type Prerequisites = z.infer<typeof prerequisitesSchema>;

const levelSchema = z.enum(consistencyLevels);

/** GET /api/regions/:regionId/instances/:instanceId: the instance live, and what the console knows of it. */
export const instanceDetailSchema = z.object({
  instance: instanceSchema,
  /** Protection plans that include the instance, with the level last predicted for it (application-consistent plans). */
  plans: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      appConsistent: z.boolean(),
      predictedLevel: levelSchema.nullable(),
      predictedAt: z.string().nullable(),
    }),
  ),
  /** The newest backup jobs of the instance: the level predicted when the job ran and the level it reached. */
  recentJobs: z.array(
    z.object({
      planId: z.string(),
      planName: z.string(),
      jobId: z.string(),
      status: z.string(),
      predictedLevel: levelSchema.nullable(),
      consistencyLevel: levelSchema.nullable(),
      /** HBR's ConsistentLevel when the level reached is unknown (see planJobSchema.consistencyRaw). */
      consistencyRaw: z.string().nullable(),
      downgradeReason: z.string().nullable(),
      createdAt: z.string(),
      completedAt: z.string().nullable(),
    }),
  ),
});
export type InstanceDetail = z.infer<typeof instanceDetailSchema>;
