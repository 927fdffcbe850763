import "server-only";
import OpenApiModule, { $OpenApiUtil } from "@alicloud/openapi-core";
import { CloudError } from "@/lib/server/cloud/cloud-error";
import { withRetries, type CallKind, type CallObserver, type RetryPolicy } from "@/lib/server/cloud/with-retries";
import type * as M from "@/lib/server/cloud/hbr/hbr-models";

// HBR has no npm SDK on the registry we reach, so this typed client speaks through openapi-core's generic RPC
// call with the same action names, parameters and casing as @alicloud/hbr20170908.

type OpenApiClient = InstanceType<typeof OpenApiModule>;

/** How a parameter travels: JSON of a model (PascalCase keys), JSON of a free-form map, or a flattened list. */
type Encoding = "json" | "jsonMap" | "flat";

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
const camel = (key: string) => key.charAt(0).toLowerCase() + key.slice(1);

function deepKeys(value: unknown, rename: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => deepKeys(v, rename));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [rename(k), deepKeys(v, rename)]));
  }
  return value;
}

function flatten(prefix: string, value: unknown, out: Record<string, string>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(`${prefix}.${i + 1}`, v, out));
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${pascal(k)}`, v, out);
  } else {
    out[prefix] = String(value);
  }
}

/** The form parameters of one request, exactly as HBR documents them (see docs/alibaba-cloud-api-hbr.md §1.1). */
export function encodeHbrParams(request: object, encodings: Record<string, Encoding> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue;
    const name = pascal(key);
    switch (encodings[key]) {
      case "json":
        out[name] = JSON.stringify(deepKeys(value, pascal));
        break;
      case "jsonMap":
        out[name] = JSON.stringify(value);
        break;
      case "flat":
        flatten(name, value, out);
        break;
      default:
        out[name] = String(value);
    }
  }
  return out;
}

/**
 * The parameters each action sends in the query string, exactly as @alicloud/hbr20170908's client does (its
 * `<action>WithOptions` methods); every other parameter travels in the form body. "*" = all in the query.
 * A flattened list (`Filters.1.Key`) goes where its top-level name goes.
 */
export const HBR_QUERY_PARAMS: Record<string, readonly string[] | "*"> = {
  CreatePolicyV2: [],
  UpdatePolicyV2: [],
  DeletePolicyV2: [],
  DescribePoliciesV2: [],
  ExecutePolicyV2: ["RuleId", "SourceType"],
  CreatePolicyBindings: ["PolicyBindingList"],
  UpdatePolicyBinding: ["AdvancedOptions", "Disabled", "Exclude", "Include", "PolicyBindingDescription", "Source", "SourceType", "SpeedLimit"],
  DeletePolicyBinding: ["SourceType"],
  DescribePolicyBindings: ["Filters", "SourceType"],
  // body: DataSourceId, Exclude, Include, InstanceId, InstanceName, Options, OtsDetail, Path, Rule, SpeedLimit
  CreateBackupPlan: [
    "BackupType", "Bucket", "ChangeListPath", "ClusterId", "CreateTime", "CrossAccountRoleName", "CrossAccountType", "CrossAccountUserId",
    "DestDataSourceDetail", "DestDataSourceId", "DestSourceType", "Detail", "Disabled", "Edition", "FileSystemId", "KeepLatestSnapshots",
    "PlanName", "Prefix", "Retention", "Schedule", "SourceType", "UdmRegionId", "VaultId",
  ],
  DescribeBackupPlans: "*",
  // body: Exclude, Include, Options, OtsDetail, Rule
  UpdateBackupPlan: [
    "ChangeListPath", "Detail", "Edition", "KeepLatestSnapshots", "Path", "PlanId", "PlanName", "Prefix", "Retention", "Schedule",
    "SourceType", "SpeedLimit", "UpdatePaths", "VaultId",
  ],
  DeleteBackupPlan: "*",
  EnableBackupPlan: "*",
  DisableBackupPlan: "*",
  ExecuteBackupPlan: "*",
  CreateBackupJob: "*",
  DescribeBackupJobs2: "*",
  CancelBackupJob: "*",
  DescribeUdmSnapshots: ["DiskId", "EndTime", "InstanceId", "JobId", "SourceType", "StartTime", "UdmRegionId"],
  DescribeTask: "*",
  // body: Exclude, Include, OtsDetail, TargetInstanceId, TargetPath
  CreateRestoreJob: [
    "CrossAccountRoleName", "CrossAccountType", "CrossAccountUserId", "Edition", "FailbackDetail", "InitiatedByAck", "Options", "RestoreType",
    "SnapshotHash", "SnapshotId", "SourceType", "TargetBucket", "TargetContainer", "TargetContainerClusterId", "TargetCreateTime",
    "TargetFileSystemId", "TargetInstanceName", "TargetPrefix", "TargetTableName", "TargetTime", "UdmDetail", "UdmRegionId", "VaultId",
  ],
  DescribeRestoreJobs2: "*",
  CancelRestoreJob: "*",
};

/** Splits encoded parameters into the query string and the form body as HBR's official client does for `action`. */
export function splitHbrParams(action: string, params: Record<string, string>): { query: Record<string, string>; body: Record<string, string> } {
  const inQuery = HBR_QUERY_PARAMS[action] ?? [];
  const query: Record<string, string> = {};
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const top = name.split(".")[0]!;
    if (inQuery === "*" || inQuery.includes(top)) query[name] = value;
    else body[name] = value;
  }
  return { query, body };
}

/**
 * The HBR actions that make something new each time they are processed (HBR has no ClientToken): never sent
 * again blind after a timeout; the caller looks its marker up first. Every other action is a read or sets a
 * state (Update…, Enable/Disable…, Delete…), which a repeat leaves as it is.
 */
export const HBR_CREATES: ReadonlySet<string> = new Set(["CreatePolicyV2", "CreatePolicyBindings", "CreateBackupPlan", "CreateBackupJob", "ExecutePolicyV2", "ExecuteBackupPlan", "CreateRestoreJob"]);
export const hbrCallKind = (action: string): CallKind => (HBR_CREATES.has(action) ? "create" : "read");

export interface HbrClientOptions {
  client: OpenApiClient;
  regionId: string;
  retry: RetryPolicy;
  observer?: CallObserver;
  /** Sent with every call so the emulator knows the region of actions that carry none (emulator/README.md). */
  regionHeader?: string;
}

export class HbrClient {
  constructor(private readonly opts: HbrClientOptions) {}

  get regionId(): string {
    return this.opts.regionId;
  }

  private async call<T extends M.HbrBaseResponse>(action: string, request: object, encodings?: Record<string, Encoding>): Promise<T> {
    const params = new $OpenApiUtil.Params({
      action,
      version: "2017-09-08",
      protocol: "HTTPS",
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    const { query, body } = splitHbrParams(action, encodeHbrParams(request, encodings));
    const headers = this.opts.regionHeader ? { [this.opts.regionHeader]: this.opts.regionId } : undefined;
    return withRetries(
      { product: "hbr", action, kind: hbrCallKind(action) },
      this.opts.retry,
      async () => {
        const req = new $OpenApiUtil.OpenApiRequest({ query, body: Object.keys(body).length ? body : undefined, headers });
        const res = (await this.opts.client.callApi(params, req, {} as Parameters<OpenApiClient["callApi"]>[2])) as { body: unknown };
        const parsed = deepKeys(res.body, camel) as T;
        // HBR may answer HTTP 200 with Success:false: that is a failure too.
        if (parsed.success === false) {
          throw new CloudError("hbr", action, "business", parsed.code || "Failed", `${action} failed (${parsed.code}: ${parsed.message})`, 200, parsed.requestId ?? null, parsed.message ?? "");
        }
        return parsed;
      },
      this.opts.observer,
    );
  }

  createPolicyV2(request: M.CreatePolicyV2Request) {
    return this.call<M.CreatePolicyV2Response>("CreatePolicyV2", request, { rules: "json" });
  }
  updatePolicyV2(request: M.UpdatePolicyV2Request) {
    return this.call<M.HbrBaseResponse>("UpdatePolicyV2", request, { rules: "json" });
  }
  deletePolicyV2(request: M.DeletePolicyV2Request) {
    return this.call<M.HbrBaseResponse>("DeletePolicyV2", request);
  }
  describePoliciesV2(request: M.DescribePoliciesV2Request = {}) {
    return this.call<M.DescribePoliciesV2Response>("DescribePoliciesV2", request);
  }
  executePolicyV2(request: M.ExecutePolicyV2Request) {
    return this.call<M.JobIdResponse>("ExecutePolicyV2", request);
  }
  createPolicyBindings(request: M.CreatePolicyBindingsRequest) {
    return this.call<M.HbrBaseResponse>("CreatePolicyBindings", request, { policyBindingList: "json" });
  }
  updatePolicyBinding(request: M.UpdatePolicyBindingRequest) {
    return this.call<M.HbrBaseResponse>("UpdatePolicyBinding", request, { advancedOptions: "json" });
  }
  deletePolicyBinding(request: M.DeletePolicyBindingRequest) {
    return this.call<M.HbrBaseResponse>("DeletePolicyBinding", request, { dataSourceIds: "json" });
  }
  describePolicyBindings(request: M.DescribePolicyBindingsRequest = {}) {
    return this.call<M.DescribePolicyBindingsResponse>("DescribePolicyBindings", request, { dataSourceIds: "json", filters: "flat" });
  }
  createBackupPlan(request: M.CreateBackupPlanRequest) {
    return this.call<M.CreateBackupPlanResponse>("CreateBackupPlan", request, { detail: "jsonMap", rule: "flat" });
  }
  describeBackupPlans(request: M.DescribeBackupPlansRequest = {}) {
    return this.call<M.DescribeBackupPlansResponse>("DescribeBackupPlans", request, { filters: "flat" });
  }
  updateBackupPlan(request: M.UpdateBackupPlanRequest) {
    return this.call<M.HbrBaseResponse>("UpdateBackupPlan", request, { detail: "jsonMap", rule: "flat" });
  }
  deleteBackupPlan(request: M.DeleteBackupPlanRequest) {
    return this.call<M.HbrBaseResponse>("DeleteBackupPlan", request);
  }
  enableBackupPlan(request: M.PlanIdRequest) {
    return this.call<M.HbrBaseResponse>("EnableBackupPlan", request);
  }
  disableBackupPlan(request: M.PlanIdRequest) {
    return this.call<M.HbrBaseResponse>("DisableBackupPlan", request);
  }
  executeBackupPlan(request: M.ExecuteBackupPlanRequest) {
    return this.call<M.JobIdResponse>("ExecuteBackupPlan", request);
  }
  createBackupJob(request: M.CreateBackupJobRequest) {
    return this.call<M.JobIdResponse>("CreateBackupJob", request, { detail: "jsonMap" });
  }
  describeBackupJobs2(request: M.DescribeBackupJobs2Request) {
    return this.call<M.DescribeBackupJobs2Response>("DescribeBackupJobs2", request, { filters: "flat" });
  }
  cancelBackupJob(request: M.CancelBackupJobRequest) {
    return this.call<M.HbrBaseResponse>("CancelBackupJob", request);
  }
  describeUdmSnapshots(request: M.DescribeUdmSnapshotsRequest) {
    return this.call<M.DescribeUdmSnapshotsResponse>("DescribeUdmSnapshots", request, { snapshotIds: "json" });
  }
  describeTask(request: M.DescribeTaskRequest) {
    return this.call<M.DescribeTaskResponse>("DescribeTask", request);
  }
  createRestoreJob(request: M.CreateRestoreJobRequest) {
    return this.call<M.CreateRestoreJobResponse>("CreateRestoreJob", request, { udmDetail: "jsonMap" });
  }
  describeRestoreJobs2(request: M.DescribeRestoreJobs2Request = {}) {
    return this.call<M.DescribeRestoreJobs2Response>("DescribeRestoreJobs2", request, { filters: "flat" });
  }
  cancelRestoreJob(request: M.CancelRestoreJobRequest) {
    return this.call<M.HbrBaseResponse>("CancelRestoreJob", request);
  }
}
