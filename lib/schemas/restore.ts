import { z } from "zod";
import { cloudErrorSchema, consistencyLevels, instanceIdSchema, regionIdSchema } from "./plan";

// One set of schemas for the restore dialog (browser) and POST /api/restores (server). What needs live cloud data
// (the backup point exists and is not expired, the vSwitch is in the chosen zone, the zone offers the instance type
// and disk category, the typed name matches the instance) is checked on the server; the rest is decided here.
//
// Console kinds and the HBR CreateRestoreJob RestoreType each becomes (SourceType is always UDM_ECS):
//   newInstance → UDM_ECS                 (a new ECS instance from the backup point)
//   rollback    → UDM_ECS_ROLLBACK        (the original instance rolled back in place)
//   disks       → UDM_ECS_DISK            (disks cloned from the backup point and attached to a chosen instance)
//                 UDM_ECS_DISK_ROLLBACK   (when the chosen instance is the backup's own instance: its disks rolled back)

export const restoreKinds = ["newInstance", "rollback", "disks"] as const;
export type RestoreKind = (typeof restoreKinds)[number];
export const restoreKindLabels: Record<RestoreKind, string> = {
  newInstance: "Create new instance",
  rollback: "Roll back the original instance",
  disks: "Restore disks",
};

/** Disk categories a restore may create (UdmDetail.diskCategory); the zone's offer is checked on the server. */
export const restoreDiskCategories = ["cloud_essd", "cloud_auto", "cloud_ssd", "cloud_efficiency"] as const;
export const diskCategoryLabels: Record<(typeof restoreDiskCategories)[number], string> = {
  cloud_essd: "ESSD",
  cloud_auto: "ESSD AutoPL",
  cloud_ssd: "Standard SSD",
  cloud_efficiency: "Ultra disk",
};
export const essdPerformanceLevels = ["PL0", "PL1", "PL2", "PL3"] as const;

const vSwitchIdSchema = z.string().regex(/^vsw-[A-Za-z0-9]+$/, "Choose a vSwitch");
const securityGroupIdSchema = z.string().regex(/^sg-[A-Za-z0-9]+$/, "Choose a security group");
/** ECS: 2–128 characters, starts with a letter (or a CJK character), then letters, digits, `.`, `_`, `-`, `:`. */
export const restoredNameSchema = z
  .string()
  .trim()
  .regex(/^[\p{L}][\p{L}\p{N}._:-]{1,127}$/u, "2–128 characters: start with a letter; letters, digits, . _ - : only");
/** ECS Linux host name: 2–64 characters, letters, digits, `.` and `-`, no leading/trailing or doubled `.`/`-`. */
export const hostNameSchema = z
  .string()
  .trim()
  .regex(/^(?![.-])(?!.*[.-]{2})[A-Za-z0-9.-]{2,64}(?<![.-])$/, "2–64 characters: letters, digits, . and - (not first, last or doubled)");
const privateIpSchema = z
  .string()
  .trim()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, "Not an IPv4 address");

/** Where the backup point is restored from: the backup point and the region its copy is read in. */
const sourceFields = {
  /** The backup job (console id) whose backup point is restored. */
  backupJobId: z.string().min(1, "Choose a backup point"),
  /** The region to restore in: the backup's own region, or its replica's Destination Region. */
  restoreRegionId: regionIdSchema,
};

export const newInstanceRestoreSchema = z.object({
  kind: z.literal("newInstance"),
  ...sourceFields,
  zoneId: z.string().min(1, "Choose a zone"),
  instanceType: z.string().regex(/^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/, "Choose an instance type"),
  vSwitchId: vSwitchIdSchema,
  securityGroupId: securityGroupIdSchema,
  instanceName: restoredNameSchema,
  hostName: hostNameSchema,
  /** Empty: assigned by DHCP in the vSwitch. Must lie in the vSwitch's CIDR (checked on the server). */
  privateIpAddress: z.union([privateIpSchema, z.literal("")]).default(""),
  allocatePublicIp: z.boolean().default(false),
  diskCategory: z.enum(restoreDiskCategories).default("cloud_essd"),
  diskPerformanceLevel: z.enum(essdPerformanceLevels).default("PL1"),
  bootAfterRestore: z.boolean().default(true),
});

export const rollbackRestoreSchema = z.object({
  kind: z.literal("rollback"),
  ...sourceFields,
  /** The admin types the instance's name to confirm; the server compares it with the instance's current name. */
  confirmInstanceName: z.string().trim().min(1, "Type the instance name to confirm"),
  /** Back up first: a fresh backup point of the instance before it is rolled back (on by default). */
  backUpFirst: z.boolean().default(true),
  /** A Running instance must be stopped for a rollback; the restore stops it when this is on, else it is refused. */
  stopInstance: z.boolean().default(true),
  bootAfterRestore: z.boolean().default(true),
});

export const disksRestoreSchema = z.object({
  kind: z.literal("disks"),
  ...sourceFields,
  /**
   * The instance the disks go to; the backup's own instance means its disks are rolled back in place. Every disk of
   * the backup point is restored: HBR's UDM_ECS_DISK / UDM_ECS_DISK_ROLLBACK take no disk choice.
   */
  targetInstanceId: instanceIdSchema,
  diskCategory: z.enum(restoreDiskCategories).default("cloud_essd"),
  diskPerformanceLevel: z.enum(essdPerformanceLevels).default("PL1"),
  /** Only for an in-place disk rollback of a Running instance: stop it first (else refused). */
  stopInstance: z.boolean().default(true),
});

export const createRestoreSchema = z.discriminatedUnion("kind", [newInstanceRestoreSchema, rollbackRestoreSchema, disksRestoreSchema]);
export type CreateRestoreInput = z.input<typeof createRestoreSchema>;
export type CreateRestore = z.infer<typeof createRestoreSchema>;

export const restoreStatuses = ["pending", "running", "succeeded", "failed", "canceling", "canceled"] as const;
export type RestoreStatus = (typeof restoreStatuses)[number];
export const restoreStatusLabels: Record<RestoreStatus, string> = {
  pending: "Pending",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  canceling: "Cancelling",
  canceled: "Cancelled",
};
export const isFinalRestoreStatus = (s: RestoreStatus) => s === "succeeded" || s === "failed" || s === "canceled";

/** The worker's steps of a restore, in order; a Retry resumes at the first one not done. */
export const restoreStepNames = ["backUpFirst", "stopInstance", "createRestoreJob", "waitRestoreJob", "verifyResult"] as const;
export type RestoreStepName = (typeof restoreStepNames)[number];
export const restoreStepLabels: Record<RestoreStepName, string> = {
  backUpFirst: "Back up first",
  stopInstance: "Stop the instance",
  createRestoreJob: "Start the restore in HBR",
  waitRestoreJob: "Restore the data",
  verifyResult: "Check the result in ECS",
};
export const restoreStepSchema = z.object({
  name: z.enum(restoreStepNames),
  status: z.enum(["pending", "running", "done", "skipped", "failed"]),
  detail: z.string().nullable(),
});

/** A backup point as the restore dialog and the backup-point tables show it. */
export const backupPointSchema = z.object({
  /** Console backup job id (the id a restore names). */
  backupJobId: z.string(),
  planId: z.string(),
  planName: z.string(),
  instanceId: z.string(),
  instanceName: z.string().nullable(),
  regionId: z.string(),
  hbrSnapshotId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  consistencyLevel: z.enum(consistencyLevels).nullable(),
  downgradeReason: z.string().nullable(),
  /** The replica in another region (Replication to Other Region), when the job made one. */
  replicaRegionId: z.string().nullable(),
  diskIds: z.array(z.string()),
});
export type BackupPoint = z.infer<typeof backupPointSchema>;

export const restoreSchema = z.object({
  id: z.string(),
  kind: z.enum(restoreKinds),
  status: z.enum(restoreStatuses),
  /** 0–100, from HBR's Progress (0–10000) while the restore job runs. */
  progress: z.number().int().min(0).max(100),
  steps: z.array(restoreStepSchema),
  backupPoint: backupPointSchema,
  restoreRegionId: z.string(),
  /** The request as saved (the validated input, without the typed confirmation). */
  request: z.record(z.string(), z.unknown()),
  /** The instance the result is on: the new instance, the rolled-back one, or the disks' target. */
  resultInstanceId: z.string().nullable(),
  cloudRestoreJobId: z.string().nullable(),
  /** The backup made by Back up first, when asked. */
  backUpFirstJobId: z.string().nullable(),
  lastError: cloudErrorSchema.nullable(),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Restore = z.infer<typeof restoreSchema>;

export const restoreListQuerySchema = z.object({
  status: z.enum(restoreStatuses).optional(),
  kind: z.enum(restoreKinds).optional(),
  regionId: regionIdSchema.optional(),
  instanceId: instanceIdSchema.optional(),
  planId: z.string().min(1).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RestoreListQuery = z.infer<typeof restoreListQuerySchema>;
export const restoreListSchema = z.object({ items: z.array(restoreSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const backupPointListSchema = z.object({ items: z.array(backupPointSchema), total: z.number().int() });

/** Live choices of the restore dialog for one region (and zone): GET /api/regions/{regionId}/restore-options?zoneId= */
export const restoreOptionsSchema = z.object({
  regionId: z.string(),
  zones: z.array(z.object({ zoneId: z.string(), localName: z.string(), diskCategories: z.array(z.string()) })),
  vSwitches: z.array(z.object({ vSwitchId: z.string(), name: z.string(), zoneId: z.string(), cidrBlock: z.string(), vpcId: z.string(), availableIpCount: z.number().int() })),
  securityGroups: z.array(z.object({ securityGroupId: z.string(), name: z.string(), vpcId: z.string() })),
  instanceTypes: z.array(z.object({ instanceType: z.string(), cpu: z.number(), memoryGiB: z.number(), zoneIds: z.array(z.string()) })),
});
export type RestoreOptions = z.infer<typeof restoreOptionsSchema>;

/** A field-level refusal the server may give; the dialog shows it under the field. */
export const rollbackNameMismatchMessage = (name: string) => `Type the instance name exactly: ${name}`;
export const rollbackRunningMessage =
  "The instance is Running: a rollback needs it stopped. Turn on “Stop the instance first” or stop it yourself.";

/** Path parameters of /api/restores/{restoreId}. */
export const restoreIdParamsSchema = z.object({ restoreId: z.string().regex(/^rst_[A-Za-z0-9]+$/, "Not a restore id") });

/** GET /api/backup-points?instanceId=&planId=&regionId= (each optional). */
export const backupPointListQuerySchema = z.object({
  instanceId: instanceIdSchema.optional(),
  planId: z.string().min(1).optional(),
  regionId: regionIdSchema.optional(),
});
export type BackupPointListQuery = z.infer<typeof backupPointListQuerySchema>;

/** GET /api/regions/{regionId}/restore-options?zoneId= (zoneId narrows vSwitches and instance types to one zone). */
export const restoreOptionsQuerySchema = z.object({ zoneId: z.string().min(1).max(64).optional() });

export const restoreCanceledMessage = "Cancelled by an admin.";
