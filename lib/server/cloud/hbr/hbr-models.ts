import "server-only";

// Request and response models of the HBR 2017-09-08 actions the console uses, named and cased as in
// @alicloud/hbr20170908 (lowerCamel properties), so that package can replace HbrClient without touching callers.
// Wire encoding (PascalCase, JSON "shrink" params, flattened lists) is HbrClient's business.

export interface HbrBaseResponse {
  requestId: string;
  success: boolean;
  code: string;
  message: string;
}

export type HbrRuleType = "BACKUP" | "TRANSITION" | "REPLICATION" | "TAG";

export interface HbrPolicyRule {
  ruleId?: string;
  ruleType: HbrRuleType;
  schedule?: string;
  backupType?: "COMPLETE" | "INCREMENTAL";
  retention?: number;
  keepLatestSnapshots?: number;
  replicationRegionId?: string;
  vaultId?: string;
}

export interface HbrUdmDetail {
  appConsistent?: boolean;
  snapshotGroup?: boolean;
  enableFsFreeze?: boolean;
  enableWriters?: boolean;
  preScriptPath?: string;
  postScriptPath?: string;
  ramRoleName?: string;
  timeoutInSeconds?: number;
  diskIdList?: string[];
  excludeDiskIdList?: string[];
  destinationKmsKeyId?: string;
}

export interface HbrAdvancedOptions {
  udmDetail?: HbrUdmDetail;
}

export interface HbrFilter {
  key: string;
  values: string[];
  operator?: "EQUAL" | "NOT_EQUAL" | "GREATER_THAN" | "GREATER_THAN_OR_EQUAL" | "LESS_THAN" | "LESS_THAN_OR_EQUAL" | "BETWEEN" | "IN";
}

/** Free-form `Detail` of UDM_ECS plans and jobs: lowerCamel keys, sent as the caller writes them. */
export type HbrEcsDetail = Record<string, unknown>;

// Policies
export interface CreatePolicyV2Request {
  policyName?: string;
  policyDescription?: string;
  policyType?: "STANDARD" | "UDM_ECS_ONLY";
  rules: HbrPolicyRule[];
}
export interface CreatePolicyV2Response extends HbrBaseResponse {
  policyId: string;
}
export interface UpdatePolicyV2Request {
  policyId: string;
  policyName?: string;
  policyDescription?: string;
  rules?: HbrPolicyRule[];
}
export interface DeletePolicyV2Request {
  policyId: string;
}
export interface DescribePoliciesV2Request {
  policyId?: string;
  maxResults?: number;
  nextToken?: string;
}
export interface HbrPolicy {
  policyId: string;
  policyName: string;
  policyDescription?: string;
  policyType: string;
  policyBindingCount: number;
  createdTime: number;
  updatedTime: number;
  rules: HbrPolicyRule[];
}
export interface DescribePoliciesV2Response extends HbrBaseResponse {
  policies: HbrPolicy[];
  nextToken?: string;
  maxResults?: number;
  totalCount: number;
}

// Policy bindings
/** `"true"`/`"false"`: CreatePolicyBindings types `PolicyBindingList[].Disabled` as a string (unlike UpdatePolicyBinding). */
export type HbrBoolText = "true" | "false";

export interface HbrPolicyBindingInput {
  sourceType: "UDM_ECS";
  dataSourceId: string;
  /** A string in the official model of this action (CreatePolicyBindingsRequestPolicyBindingList.disabled). */
  disabled?: HbrBoolText;
  policyBindingDescription?: string;
  advancedOptions?: HbrAdvancedOptions;
}
export interface CreatePolicyBindingsRequest {
  policyId: string;
  policyBindingList: HbrPolicyBindingInput[];
}
export interface UpdatePolicyBindingRequest {
  policyId: string;
  sourceType: "UDM_ECS";
  dataSourceId: string;
  disabled?: boolean;
  policyBindingDescription?: string;
  advancedOptions?: HbrAdvancedOptions;
}
export interface DeletePolicyBindingRequest {
  policyId: string;
  sourceType: "UDM_ECS";
  dataSourceIds: string[];
}
export interface DescribePolicyBindingsRequest {
  policyId?: string;
  sourceType?: "UDM_ECS";
  dataSourceIds?: string[];
  filters?: HbrFilter[];
  maxResults?: number;
  nextToken?: string;
}
export interface HbrPolicyBinding {
  policyBindingId: string;
  policyId: string;
  sourceType: string;
  dataSourceId: string;
  /** A boolean in the official model; read it with {@link isBindingDisabled}, which takes "true"/"false" text too. */
  disabled?: boolean | string;
  policyBindingDescription?: string;
  createdTime: number;
  updatedTime: number;
  advancedOptions?: HbrAdvancedOptions;
}
/** Whether a binding is paused, whether HBR answers `Disabled` as a boolean (its model) or as text. */
export function isBindingDisabled(binding: Pick<HbrPolicyBinding, "disabled">): boolean {
  const value = binding.disabled;
  return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

export interface DescribePolicyBindingsResponse extends HbrBaseResponse {
  policyBindings: HbrPolicyBinding[];
  nextToken?: string;
  maxResults?: number;
  totalCount: number;
}

// Legacy UDM_ECS backup plans
export interface HbrPlanRule {
  ruleName?: string;
  backupType?: string;
  schedule?: string;
  retention?: number;
  disabled?: boolean;
  doCopy?: boolean;
  destinationRegionId?: string;
  destinationRetention?: number;
}
export interface CreateBackupPlanRequest {
  sourceType: "UDM_ECS";
  instanceId: string;
  udmRegionId: string;
  planName: string;
  backupType: "COMPLETE";
  schedule: string;
  retention: number;
  keepLatestSnapshots?: number;
  disabled?: boolean;
  detail?: HbrEcsDetail;
  rule?: HbrPlanRule[];
}
export interface CreateBackupPlanResponse extends HbrBaseResponse {
  planId: string;
}
export interface DescribeBackupPlansRequest {
  sourceType?: "UDM_ECS";
  pageNumber?: number;
  pageSize?: number;
  filters?: HbrFilter[];
}
export interface HbrBackupPlan {
  planId: string;
  planName: string;
  sourceType: string;
  instanceId: string;
  /** The SDK model's DataSourceId; for UDM_ECS the instance id where InstanceId is empty. */
  dataSourceId?: string;
  instanceName?: string;
  schedule: string;
  retention: number;
  keepLatestSnapshots?: number;
  disabled: boolean;
  /** JSON text on the wire (an object in some versions): parse tolerantly. */
  detail?: string | HbrEcsDetail;
  createdTime: number;
  updatedTime: number;
}
export interface DescribeBackupPlansResponse extends HbrBaseResponse {
  backupPlans: { backupPlan: HbrBackupPlan[] };
  pageNumber: number;
  pageSize: number;
  totalCount: number;
}
export interface UpdateBackupPlanRequest {
  planId: string;
  sourceType: "UDM_ECS";
  planName?: string;
  schedule?: string;
  retention?: number;
  keepLatestSnapshots?: number;
  detail?: HbrEcsDetail;
  rule?: HbrPlanRule[];
}
export interface ExecutePolicyV2Request {
  policyId: string;
  /** Must be a BACKUP rule of the policy. */
  ruleId: string;
  sourceType: "UDM_ECS";
  /** One bound instance; omitted = every bound data source. */
  dataSourceId?: string;
}
export interface PlanIdRequest {
  planId: string;
  sourceType: "UDM_ECS";
}
export interface DeleteBackupPlanRequest extends PlanIdRequest {
  requireNoRunningJobs?: boolean;
}
export interface ExecuteBackupPlanRequest extends PlanIdRequest {
  ruleId?: string;
}
export interface JobIdResponse extends HbrBaseResponse {
  jobId: string;
}

// Jobs, snapshots, tasks
export interface CreateBackupJobRequest {
  sourceType: "UDM_ECS";
  instanceId: string;
  backupType: "COMPLETE";
  jobName?: string;
  retention?: number;
  detail?: HbrEcsDetail;
}
export interface DescribeBackupJobs2Request {
  sourceType: "UDM_ECS" | "UDM_ECS_DISK";
  pageNumber?: number;
  pageSize?: number;
  sortDirection?: "ASCEND" | "DESCEND";
  filters?: HbrFilter[];
}
export interface HbrBackupJob {
  jobId: string;
  jobName?: string;
  sourceType: string;
  instanceId?: string;
  planId?: string;
  status: string;
  progress: number;
  bytesTotal?: number;
  bytesDone?: number;
  actualBytes?: number;
  speed?: number;
  createdTime: number;
  startTime?: number;
  completeTime?: number;
  updatedTime?: number;
  errorMessage?: string;
  backupType?: string;
  triggerMode?: string;
  detail?: HbrBackupJobDetail;
}
/** What DescribeBackupJobs2 tells of one instance in `Detail.InstanceInfos` (keys as HBR sends them). */
export interface HbrJobInstanceInfo {
  hostName?: string;
  instanceName?: string;
  instanceType?: string;
  osType?: string;
  osName?: string;
  platform?: string;
  diskIds?: string[];
  [key: string]: unknown;
}
/** `BackupJob[].Detail` of UDM_ECS jobs (DescribeBackupJobs2ResponseBodyBackupJobsBackupJobDetail). */
export interface HbrBackupJobDetail {
  doCopy?: boolean;
  nativeSnapshotId?: string;
  destinationRetention?: number;
  destinationSnapshotId?: string;
  destinationNativeSnapshotId?: string;
  destinationNativeSnapshotStatus?: string;
  destinationNativeSnapshotProgress?: number;
  destinationNativeSnapshotErrorMessage?: string;
  diskNativeSnapshotIdList?: { diskNativeSnapshotId?: string[] };
  /** A map keyed by instance id in the official model; some answers have carried it as JSON text. */
  instanceInfos?: Record<string, HbrJobInstanceInfo> | string;
  [key: string]: unknown;
}

/** `Detail.InstanceInfos` as a map by instance id: the object HBR's model describes, or JSON text of one; {} otherwise. */
export function jobInstanceInfosOf(detail: HbrBackupJobDetail | undefined): Record<string, HbrJobInstanceInfo> {
  let value: unknown = detail?.instanceInfos;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v && typeof v === "object" && !Array.isArray(v))) as Record<string, HbrJobInstanceInfo>;
}
export interface DescribeBackupJobs2Response extends HbrBaseResponse {
  backupJobs: { backupJob: HbrBackupJob[] };
  pageNumber: number;
  pageSize: number;
  totalCount: number;
}
export interface CancelBackupJobRequest {
  jobId: string;
}
export interface DescribeUdmSnapshotsRequest {
  sourceType: "UDM_ECS" | "UDM_ECS_DISK";
  udmRegionId: string;
  startTime: number;
  endTime: number;
  instanceId?: string;
  diskId?: string;
  jobId?: string;
  snapshotIds?: string[];
}
export interface HbrUdmSnapshot {
  snapshotId: string;
  nativeSnapshotId?: string;
  nativeSnapshotInfo?: string;
  instanceId?: string;
  diskId?: string;
  jobId?: string;
  sourceType: string;
  status: string;
  retention?: number;
  expireTime?: number;
  actualBytes?: string;
  bytesTotal?: number;
  createdTime: number;
  completeTime?: number;
  detail?: {
    consistentLevel?: "APPLICATION" | "FILE_SYSTEM" | "CRASH" | string;
    downgradeReason?: string;
    snapshotGroupId?: string;
    diskIdList?: string[];
    nativeSnapshotIdList?: string[];
    [key: string]: unknown;
  };
}
export interface DescribeUdmSnapshotsResponse extends HbrBaseResponse {
  snapshots: HbrUdmSnapshot[];
  totalCount: number;
}
export interface DescribeTaskRequest {
  taskId: string;
}
export interface DescribeTaskResponse extends HbrBaseResponse {
  name?: string;
  progress: number;
  description: string;
  result?: string;
  createdTime?: number;
  updatedTime?: number;
  completedTime?: number;
}

// Restore (SourceType UDM_ECS). UdmDetail keys per RestoreType, from the official model's documentation:
//   UDM_ECS: bootAfterRestore, diskCategory, diskPerformanceLevel, instanceType, restoredNetwork (vSwitch id),
//            securityGroup, restoredName, restoredHostName, allocatePublicIp, privateIpAddress
//   UDM_ECS_ROLLBACK / UDM_ECS_DISK_ROLLBACK: sourceInstanceId, forceRestore, bootAfterRestore
//   UDM_ECS_DISK: targetInstanceId, diskCategory, diskPerformanceLevel
export type HbrRestoreType = "UDM_ECS" | "UDM_ECS_ROLLBACK" | "UDM_ECS_DISK" | "UDM_ECS_DISK_ROLLBACK";
export interface HbrRestoreUdmDetail {
  bootAfterRestore?: boolean;
  diskCategory?: string;
  diskPerformanceLevel?: string;
  instanceType?: string;
  restoredNetwork?: string;
  securityGroup?: string;
  restoredName?: string;
  restoredHostName?: string;
  allocatePublicIp?: boolean;
  privateIpAddress?: string;
  sourceInstanceId?: string;
  targetInstanceId?: string;
  forceRestore?: boolean;
}
export interface CreateRestoreJobRequest {
  sourceType: "UDM_ECS";
  restoreType: HbrRestoreType;
  snapshotId: string;
  snapshotHash?: string;
  /** the region to restore in (the backup's region, or its replica's destination region) */
  udmRegionId: string;
  udmDetail: HbrRestoreUdmDetail;
  targetInstanceId?: string;
}
export interface CreateRestoreJobResponse extends HbrBaseResponse {
  restoreId: string;
}
export interface DescribeRestoreJobs2Request {
  restoreType?: HbrRestoreType;
  pageNumber?: number;
  pageSize?: number;
  filters?: HbrFilter[];
}
export interface HbrRestoreJob {
  restoreId: string;
  restoreType?: string;
  sourceType?: string;
  status: string;
  /** 0–10000 */
  progress?: number;
  snapshotId?: string;
  snapshotHash?: string;
  sourceInstanceId?: string;
  targetInstanceId?: string;
  targetInstanceName?: string;
  /** a JSON string (UdmDetail as sent, plus what HBR adds) */
  udmDetail?: string;
  errorMessage?: string;
  bytesTotal?: number;
  bytesDone?: number;
  speed?: number;
  createdTime?: number;
  startTime?: number;
  completeTime?: number;
  updatedTime?: number;
  expireTime?: number;
}
export interface DescribeRestoreJobs2Response extends HbrBaseResponse {
  pageNumber?: number;
  pageSize?: number;
  totalCount: number;
  restoreJobs: { restoreJob: HbrRestoreJob[] };
}
export interface CancelRestoreJobRequest {
  restoreId: string;
}
