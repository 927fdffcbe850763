import { CloudError } from "../../protocol/errors.ts";
import type { Instance } from "../../state/models.ts";

export const regionNotFound = () => new CloudError(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist.");

// ---- instances ----

export const instanceNotFound = (instanceId: string, code = "InvalidInstanceId.NotFound") =>
  new CloudError(404, code, `The specified instance ${instanceId} does not exist.`);

export const incorrectInstanceStatus = (instance: Pick<Instance, "instanceId" | "status">) =>
  new CloudError(403, "IncorrectInstanceStatus", `The current status of the resource does not support this operation. (instance ${instance.instanceId} is ${instance.status})`);

/** `max` given: the array is too long or holds something else than ids; absent: not JSON. */
export const instanceIdsMalformed = (name: string, max?: number) =>
  new CloudError(
    400,
    "InvalidInstanceIds.Malformed",
    max === undefined ? `The specified parameter ${name} is not valid.` : `The specified parameter ${name} is not valid (a JSON array of at most ${max} ids).`,
  );

export const instanceIdsExceedLimit = (max: number) => new CloudError(403, "InstanceIds.ExceedLimit", `The number of instances exceeds the limit of ${max}.`);

export const instanceStatusNotFound = () => new CloudError(404, "InvalidStatus.NotFound", "The specified Status is not found.");

export const invalidTagCount = () => new CloudError(400, "InvalidTagCount", "The specified tags are beyond the permitted range.");

/** DryRun=true: every check passed, nothing was done. */
export const dryRunOk = () => new CloudError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");

// ---- disks ----

export const diskIdsMalformed = () => new CloudError(403, "InvalidDiskIds.Malformed", "The specified parameter DiskIds is not valid.");

export const diskTypeNotSupported = () => new CloudError(400, "InvalidDiskType.ValueNotSupported", "The specified DiskType is not supported.");

export const diskCategoryNotSupported = () => new CloudError(400, "InvalidCategory.ValueNotSupported", "The specified Category is not supported.");

// ---- RAM roles of instances ----

export const ramRoleArgumentsEmpty = () => new CloudError(403, "InvalidParameter.AllEmpty", "InstanceIds and RamRoleName cannot both be empty.");

export const ramRoleNotFound = (roleName: string) => new CloudError(404, "InvalidRamRole.NotFound", `The specified RAM role ${roleName} does not exist.`);

export const ramRoleNotEcsRole = () =>
  new CloudError(404, "InvalidRamRole.NotEcsRole", "The specified RAM role is not an ECS service role (its trust policy lacks ecs.aliyuncs.com).");

// ---- Cloud Assistant: commands and files ----

export const commandTypeNotFound = (type: string) => new CloudError(403, "InvalidCmdType.NotFound", `The specified command type ${type} does not exist.`);

export const commandContentExceedLimit = () => new CloudError(403, "CmdContent.ExceedLimit", "The command content exceeds the size limit.");

export const commandTypeNotMatchingOs = (type: string, instanceId: string) =>
  new CloudError(403, "InvalidInstance.NotMatch", `The command type ${type} does not match the OS of instance ${instanceId}.`);

export const fileContentTypeInvalid = () => new CloudError(403, "FileContentType.Invalid", "The specified ContentType is not valid.");

export const fileSizeExceedLimit = () => new CloudError(403, "FileSize.ExceedLimit", "The file content exceeds 32 KB after Base64 encoding.");

export const fileNameInvalid = () => new CloudError(403, "FileName.ExceedLimit", "The file name is not valid.");

export const fileTargetDirInvalid = () => new CloudError(403, "FileTargetDir.Invalid", "The target directory must be an absolute path.");

export const fileModeInvalid = () => new CloudError(403, "FileMode.Invalid", "The specified FileMode is not valid.");

// ---- snapshots and tags ----

export const snapshotGroupStatusNotSupported = () => new CloudError(403, "InvalidStatus.ValueNotSupported", "The specified Status is not supported.");

export const tooManyResourceIds = () => new CloudError(400, "NumberExceed.ResourceIds", "The maximum number of ResourceIds is exceeded.");

export const tooManyTags = () => new CloudError(400, "NumberExceed.Tags", "The maximum number of Tags is exceeded.");

export const tagKeyMalformed = () => new CloudError(400, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid.");

export const tagValueMalformed = () => new CloudError(400, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid.");

export const duplicateTagKey = () => new CloudError(400, "Duplicate.TagKey", "The Tag.N.Key contains duplicate key.");

export const resourceTypeNotFound = (type: string) => new CloudError(404, "InvalidResourceType.NotFound", `The resource type ${type} is not supported by the emulator.`);

export const resourceIdNotFound = (id: string) => new CloudError(404, "InvalidResourceId.NotFound", `The specified ResourceId ${id} is not found.`);

export const tagResourcesArgumentsEmpty = () => new CloudError(400, "MissingParameter", "ResourceId.N or Tag.N must be specified.");

// ---- network ----

export const securityGroupIdsMalformed = () =>
  new CloudError(400, "InvalidSecurityGroupIds.Malformed", "The specified parameter SecurityGroupIds is not valid (a JSON array of at most 100 ids).");

// ---- placement of a new instance (RunInstances' codes; used by restores that create instances) ----

export const zoneNotFound = (zoneId: string) => new CloudError(404, "InvalidZoneId.NotFound", `The specified zoneId ${zoneId} does not exist.`);

export const vSwitchNotFound = (id: string) => new CloudError(404, "InvalidVSwitchId.NotFound", `Specified virtual switch ${id} does not exist.`);

export const vSwitchNotInZone = () => new CloudError(400, "InvalidParameter.Mismatch", "Specified virtual switch is not in the specified zone.");

export const securityGroupNotFound = (id: string) => new CloudError(404, "InvalidSecurityGroupId.NotFound", `The SecurityGroupId ${id} provided does not exist in our records.`);

export const securityGroupNotInVpc = () => new CloudError(400, "InvalidParameter.Mismatch", "Specified security group and virtual switch are not in the same VPC.");

export const instanceTypeNotSupported = (type: string) => new CloudError(400, "InvalidInstanceType.ValueNotSupported", `The specified InstanceType ${type} beyond the permitted range.`);

export const instanceTypeNotInZone = (type: string, zoneId: string) =>
  new CloudError(403, "InvalidInstanceType.ZoneNotSupported", `The specified zone ${zoneId} does not support this instancetype ${type}.`);

export const diskCategoryNotInZone = (category: string, zoneId: string) =>
  new CloudError(403, "CategoryNotSupported", `The specified zone ${zoneId} does not offer the specified disk category ${category}.`);

export const privateIpMalformed = () => new CloudError(400, "InvalidPrivateIpAddress.Malformed", "Specified private IP address is malformed.");

export const privateIpNotInVSwitch = () => new CloudError(400, "InvalidPrivateIpAddress", "Specified private IP address is not in the CIDR block of virtual switch.");

export const privateIpDuplicated = () => new CloudError(400, "InvalidPrivateIpAddress.Duplicated", "Specified private IP address is duplicated.");

export const vSwitchFull = () => new CloudError(400, "QuotaExceeded.PrivateIpAddress", "Don't have enough private IPs in this switch");
