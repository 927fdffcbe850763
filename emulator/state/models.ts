/** Persisted shapes. Field names are the emulator's own (camelCase); services render the cloud's casing. */

export type CloudAssistantState = "running" | "stopped" | "absent";
export type ConsistentLevel = "APPLICATION" | "FILE_SYSTEM" | "CRASH";

export interface Region {
  regionId: string;
  localName: string;
  policySupported: boolean;
  /** the seed's application-consistent regions (Singapore, Hong Kong) unless the scenario says otherwise */
  appConsistentSupported: boolean;
}

export interface Disk {
  diskId: string;
  type: "system" | "data";
  category: string;
  sizeGiB: number;
  fileSystem: string;
  device: string;
  performanceLevel?: string;
}

export interface InstanceFile {
  path: string;
  mode: string;
  owner: string;
  group: string;
  content: string;
}

export interface Instance {
  instanceId: string;
  instanceName: string;
  hostName: string;
  regionId: string;
  zoneId: string;
  status: string;
  osType: "linux" | "windows";
  osName: string;
  instanceType: string;
  cpu: number;
  memory: number;
  creationTime: number;
  imageId: string;
  privateIp: string;
  vpcId: string;
  vSwitchId: string;
  cloudAssistant: CloudAssistantState;
  ramRoleName: string | null;
  tags: Record<string, string>;
  disks: Disk[];
  files: InstanceFile[];
  /** security groups the instance is in (absent on instances saved before network resources existed) */
  securityGroupIds?: string[];
  /** "" = no public IP */
  publicIp?: string;
  description?: string;
  /**
   * A status change under way on the scaled clock (Stopping → Stopped, Starting → Running, Pending → …): the ECS
   * ticker sets `status = to` once `at` has passed. Whoever starts a change (StopInstance, a restore) sets it.
   */
  transition?: { to: string; at: number };
}

export interface EcsSnapshot {
  snapshotId: string;
  snapshotName: string;
  description: string;
  status: "progressing" | "accomplished" | "failed";
  sourceDiskId: string;
  sourceDiskType: string;
  sourceDiskSize: number;
  sourceDiskCategory: string;
  instanceId: string;
  creationTime: number;
  retentionDays: number | null;
  tags: Record<string, string>;
  snapshotGroupId?: string;
  /**
   * The guest files that lived on the disk when the snapshot was taken (see emulator/services/hbr/guest-files.ts),
   * so a restore or rollback from it puts that content back. Absent on snapshots saved before files were captured.
   */
  files?: InstanceFile[];
}

export interface SnapshotGroup {
  snapshotGroupId: string;
  name: string;
  description: string;
  instanceId: string;
  status: string;
  creationTime: number;
  snapshotIds: string[];
  tags: Record<string, string>;
}

export interface InvocationInstance {
  instanceId: string;
  status: string;
  exitCode: number;
  output: string;
  errorCode: string;
  errorInfo: string;
  startTime: number;
  finishTime: number;
}

export interface Invocation {
  invokeId: string;
  commandId: string;
  name: string;
  type: string;
  content: string;
  timeout: number;
  createdAt: number;
  instances: InvocationInstance[];
}

export interface SendFileInvocation {
  invokeId: string;
  name: string;
  targetDir: string;
  content: string;
  contentType: string;
  fileMode: string;
  fileOwner: string;
  fileGroup: string;
  overwrite: boolean;
  createdAt: number;
  instances: InvocationInstance[];
}

export type PolicyRule = Record<string, unknown> & { RuleId: string; RuleType: string };

export interface Policy {
  policyId: string;
  policyName: string;
  policyDescription: string;
  policyType: string;
  rules: PolicyRule[];
  createdTime: number;
  updatedTime: number;
}

export interface PolicyBinding {
  policyBindingId: string;
  policyId: string;
  sourceType: string;
  dataSourceId: string;
  disabled: boolean;
  description: string;
  udmDetail: Record<string, unknown>;
  createdTime: number;
  updatedTime: number;
  /** next scheduled run per BACKUP rule id (ms) */
  nextRunAt: Record<string, number>;
}

export interface PlanRule {
  RuleId: string;
  RuleName: string;
  BackupType: string;
  Schedule: string;
  Retention: number;
  Disabled: boolean;
  DoCopy: boolean;
  DestinationRegionId: string;
  DestinationRetention: number;
}

export interface BackupPlan {
  planId: string;
  planName: string;
  sourceType: string;
  instanceId: string;
  udmRegionId: string;
  schedule: string;
  retention: number;
  backupType: string;
  keepLatestSnapshots: number;
  disabled: boolean;
  detail: Record<string, unknown>;
  rules: PlanRule[];
  createdTime: number;
  updatedTime: number;
  latestExecuteJobId: string;
  latestFinishJobId: string;
  nextRunAt: number | null;
}

/** Normalised backup options, whichever casing (plan/job `Detail` lowerCamel, binding `UdmDetail` PascalCase) they came in. */
export interface BackupOptions {
  appConsistent: boolean;
  snapshotGroup: boolean;
  enableWriters: boolean;
  enableFsFreeze: boolean;
  preScriptPath: string;
  postScriptPath: string;
  timeoutInSeconds: number;
  diskIdList: string[];
  doCopy: boolean;
  destinationRegionId: string;
  destinationRetention: number;
}

export interface Consistency {
  level: ConsistentLevel;
  downgradeReason: string;
}

/** Work the clock moves along (a backup job, a restore job): queued until startAt, done at endAt (ms). */
export interface ClockedWork {
  createdTime: number;
  startAt: number;
  endAt: number;
  startTime: number | null;
  completeTime: number | null;
  updatedTime: number;
  bytesTotal: number;
  errorMessage: string;
}

export interface BackupJob extends ClockedWork {
  jobId: string;
  jobName: string;
  sourceType: string;
  instanceId: string;
  planId: string;
  policyId: string;
  ruleId: string;
  status: "CREATED" | "RUNNING" | "COMPLETE" | "PARTIAL_COMPLETE" | "FAILED" | "CANCELING" | "CANCELED";
  triggerMode: "MANUAL" | "SCHEDULE";
  backupType: string;
  retention: number;
  keepLatestSnapshots: number;
  options: BackupOptions;
  consistency: Consistency | null;
  snapshotId: string;
  nativeSnapshotIds: string[];
  snapshotGroupId: string;
  replica: { regionId: string; retention: number; snapshotId: string; nativeSnapshotIds: string[] } | null;
  taskId: string;
}

export interface HbrSnapshot {
  snapshotId: string;
  nativeSnapshotId: string;
  nativeSnapshotIds: string[];
  diskIds: string[];
  instanceId: string;
  jobId: string;
  sourceType: string;
  status: string;
  backupType: string;
  retention: number;
  keepLatest: boolean;
  createdTime: number;
  completeTime: number;
  expireTime: number;
  bytesTotal: number;
  actualBytes: number;
  consistency: Consistency;
  snapshotGroupId: string;
  sourceRegionId: string;
  instanceName: string;
  osType: string;
  osName: string;
}

export interface Task {
  taskId: string;
  name: string;
  progress: number;
  description: string;
  result: string;
  createdTime: number;
  updatedTime: number;
  completedTime: number;
}

export interface RamRole {
  roleId: string;
  roleName: string;
  description: string;
  assumeRolePolicyDocument: string;
  maxSessionDuration: number;
  createDate: number;
  updateDate: number;
  /** attached policies: `${type}:${name}` */
  policies: { policyName: string; policyType: string; attachDate: number }[];
}

export interface RamPolicy {
  policyName: string;
  policyType: "Custom" | "System";
  description: string;
  document: string;
  createDate: number;
  updateDate: number;
}

/** A zone of a region and what it offers (DescribeZones / DescribeAvailableResource). */
export interface Zone {
  zoneId: string;
  localName: string;
  /** disk categories the zone sells, e.g. cloud_essd, cloud_auto */
  diskCategories: string[];
  /** instance types the zone sells */
  instanceTypes: string[];
}

export interface VSwitch {
  vSwitchId: string;
  vSwitchName: string;
  vpcId: string;
  zoneId: string;
  cidrBlock: string;
  description: string;
  status: "Available" | "Pending";
  creationTime: number;
  tags: Record<string, string>;
}

export interface SecurityGroup {
  securityGroupId: string;
  securityGroupName: string;
  vpcId: string;
  description: string;
  securityGroupType: "normal" | "enterprise";
  creationTime: number;
  tags: Record<string, string>;
}

export type RestoreType = "UDM_ECS" | "UDM_ECS_ROLLBACK" | "UDM_ECS_DISK" | "UDM_ECS_DISK_ROLLBACK";

/** An HBR restore job (CreateRestoreJob / DescribeRestoreJobs2 / CancelRestoreJob). */
export interface RestoreJob extends ClockedWork {
  restoreId: string;
  restoreType: RestoreType;
  sourceType: "UDM_ECS";
  snapshotId: string;
  snapshotHash: string;
  /** the region restored in (UdmRegionId) */
  udmRegionId: string;
  /** the backup's own instance */
  sourceInstanceId: string;
  /** where the result lands: the new instance (UDM_ECS, set once made), the rolled-back one, or the disks' target */
  targetInstanceId: string;
  udmDetail: Record<string, unknown>;
  status: "CREATED" | "RUNNING" | "COMPLETE" | "PARTIAL_COMPLETE" | "FAILED" | "CANCELING" | "CANCELED";
  /** disks the restore made (new instance's disks, cloned disks) */
  createdDiskIds: string[];
}
