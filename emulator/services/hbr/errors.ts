import { CloudError } from "../../protocol/errors.ts";

/** HBR reports parameter problems with its generic `BadRequest` rather than the gateway codes. */
export const badRequest = (detail: string) => new CloudError(400, "BadRequest", detail);

export const regionUnknown = (regionHeader: string) =>
  new CloudError(400, "MissingParameter", `The region of the request is unknown: send RegionId, or the ${regionHeader} header, or call hbr.<region>.aliyuncs.com.`);

export const regionNotFound = (regionId: string) => new CloudError(404, "InvalidRegionId.NotFound", `The specified region ${regionId} does not exist.`);

export const invalidSchedule = (value: string) =>
  new CloudError(400, "InvalidParameter.Schedule", `The schedule "${value}" is not valid; expected I|<unix seconds>|<ISO 8601 duration>, e.g. I|1631685600|P1D.`);

export const instanceNotFound = (instanceId: string, regionId: string) =>
  new CloudError(404, "ResourceNotFound", `The ECS instance ${instanceId} does not exist in ${regionId}.`);

// ---- policies ----

export const policyNotSupportedInRegion = (regionId: string) =>
  new CloudError(400, "Policy.NotSupportedInRegion", `Backup policies are not available in ${regionId}; use backup plans (CreateBackupPlan) there.`);

export const policyNotFound = (policyId: string) => new CloudError(404, "PolicyNotExist", `The policy ${policyId} does not exist.`);

export const invalidRules = (detail: string) => new CloudError(400, "InvalidParameter.Rules", `The Rules parameter is not valid: ${detail}`);

export const archiveDaysTooShort = () => new CloudError(400, "ArchiveDaysTooShort", "ArchiveDays must be at least 30.");

export const archiveRetentionDaysTooShort = () => new CloudError(400, "ArchiveRetentionDaysTooShort", "Retention - ArchiveDays must be at least 60.");

// ---- bindings ----

export const policyHasNoBindings = () => new CloudError(404, "PolicyBindingNotExist", "No data source is bound to this policy.");

export const bindingNotFound = (policyId: string, instanceId: string) =>
  new CloudError(404, "PolicyBindingNotExist", `The instance ${instanceId} is not bound to policy ${policyId}.`);

export const dataSourceAlreadyBound = (instanceId: string, policyId: string) =>
  new CloudError(400, "DataSourceAlreadyBound", `The ECS instance ${instanceId} is already bound to policy ${policyId}; an instance can be bound to only one policy.`);

export const bindingCountExceeded = (max: number, current: number) =>
  new CloudError(400, "PolicyBindingCountExceeded", `A policy can protect at most ${max} ECS instances (it has ${current}).`);

export const appConsistentMultipleInstances = () =>
  new CloudError(400, "AppConsistentNotSupportMultipleInstances", "Application-consistent backup can be enabled only when a single ECS instance is protected by the policy.");

// ---- backup plans ----

export const planNotFound = (planId: string) => new CloudError(404, "PlanNotExist", `The backup plan ${planId} does not exist.`);

export const planNameAlreadyExists = (name: string) => new CloudError(400, "PlanNameAlreadyExists", `A backup plan named ${name} already exists.`);

export const planHasRunningJobs = () => new CloudError(400, "PlanHasRunningJobs", "The backup plan has running jobs.");

// ---- jobs, tasks ----

export const jobNotFound = (jobId: string) => new CloudError(404, "JobNotExist", `The backup job ${jobId} does not exist.`);

export const jobCannotCancel = (status: string) => new CloudError(400, "JobCannotCancel", `The backup job is ${status} and cannot be cancelled.`);

export const taskNotFound = (taskId: string) => new CloudError(404, "TaskNotFound", `The task ${taskId} does not exist.`);

// ---- restores (codes marked "inferred" in COVERAGE.md: the official model documents no error codes; where a new
// instance or disk goes is refused with ECS RunInstances' codes, ecs/placement.ts) ----

export const restoreSnapshotNotFound = (snapshotId: string, regionId: string) =>
  new CloudError(404, "SnapshotNotExist", `The backup snapshot ${snapshotId} does not exist in ${regionId}.`);

export const restoreNotFound = (restoreId: string) => new CloudError(404, "RestoreJobNotExist", `The restore job ${restoreId} does not exist.`);

export const restoreCannotCancel = (status: string) => new CloudError(400, "JobCannotCancel", `The restore job is ${status} and cannot be cancelled.`);
