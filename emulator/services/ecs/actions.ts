import { missingParameter } from "../../protocol/errors.ts";
import { isoMinute, isoSecond, newId } from "../../protocol/ids.ts";
import type { Disk, EcsSnapshot, Instance, InvocationInstance } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { matchesTags, paginate, tagList, wildcardRegExp } from "../paging.ts";
import type { Action, ActionContext, Service } from "../types.ts";
import { demoSecurityGroupId } from "../../scenario/network.ts";
import { runScript } from "./cloud-assistant.ts";
import { changed, instanceOrThrow, regionOf } from "./common.ts";
import { lifecycleActions, tickInstances } from "./lifecycle.ts";
import { networkActions } from "./network.ts";
import { tagActions } from "./tags.ts";
import {
  commandContentExceedLimit, commandTypeNotFound, commandTypeNotMatchingOs, diskCategoryNotSupported, diskIdsMalformed,
  diskTypeNotSupported, fileContentTypeInvalid, fileModeInvalid, fileNameInvalid, fileSizeExceedLimit, fileTargetDirInvalid,
  incorrectInstanceStatus, instanceIdsExceedLimit, instanceIdsMalformed, instanceStatusNotFound, invalidTagCount, ramRoleArgumentsEmpty,
  ramRoleNotEcsRole, ramRoleNotFound, snapshotGroupStatusNotSupported,
} from "./errors.ts";

function instanceIdsJson(ctx: ActionContext, name: string, max: number): string[] | undefined {
  const raw = ctx.params.get(name);
  if (raw === undefined) return undefined;
  let ids: unknown;
  try {
    ids = JSON.parse(raw);
  } catch {
    throw instanceIdsMalformed(name);
  }
  if (!Array.isArray(ids) || ids.some((i) => typeof i !== "string") || ids.length > max)
    throw instanceIdsMalformed(name, max);
  return ids as string[];
}

function renderInstance(i: Instance) {
  return {
    InstanceId: i.instanceId,
    InstanceName: i.instanceName,
    HostName: i.hostName,
    Description: i.description ?? "",
    Status: i.status,
    OSType: i.osType,
    OSName: i.osName,
    OSNameEn: i.osName,
    RegionId: i.regionId,
    ZoneId: i.zoneId,
    InstanceType: i.instanceType,
    Cpu: i.cpu,
    Memory: i.memory,
    CreationTime: isoMinute(i.creationTime),
    InstanceChargeType: "PostPaid",
    InternetChargeType: "PayByTraffic",
    InstanceNetworkType: "vpc",
    ImageId: i.imageId,
    SerialNumber: `${i.instanceId.slice(2)}-serial`,
    VpcAttributes: { VpcId: i.vpcId, VSwitchId: i.vSwitchId, NatIpAddress: "", PrivateIpAddress: { IpAddress: [i.privateIp] } },
    PublicIpAddress: { IpAddress: i.publicIp ? [i.publicIp] : [] },
    InnerIpAddress: { IpAddress: [] },
    EipAddress: { IpAddress: "", AllocationId: "", InternetChargeType: "" },
    SecurityGroupIds: { SecurityGroupId: i.securityGroupIds?.length ? i.securityGroupIds : [demoSecurityGroupId(i.regionId)] },
    Tags: tagList(i.tags),
    OperationLocks: { LockReason: [] },
  };
}

function wildcard(pattern: string): (s: string) => boolean {
  if (!pattern.includes("*")) return (s) => s === pattern;
  const re = wildcardRegExp(pattern);
  return (s) => re.test(s);
}

/** A JSON array of strings (InstanceIds, PrivateIpAddresses, …) as the SDK sends it; malformed → InvalidParameter. */
const jsonSet = (ctx: ActionContext, name: string) => {
  const list = ctx.params.jsonStringArray(name);
  return list ? new Set(list) : null;
};

const describeInstances: Action = (ctx) => {
  const region = regionOf(ctx);
  // Stop/Start/restore transitions whose time has come show now, not at the next background tick.
  if (tickInstances(ctx.emulator, ctx.account, region.region.regionId, ctx.now)) ctx.emulator.store.touch(ctx.account.accountId, `region:${region.region.regionId}`);
  const p = ctx.params;
  const ids = instanceIdsJson(ctx, "InstanceIds", 100);
  const status = p.get("Status");
  if (status && !["Pending", "Running", "Starting", "Stopping", "Stopped"].includes(status))
    throw instanceStatusNotFound();
  const name = p.get("InstanceName");
  const tags = p.tags();
  if (tags.length > 20) throw invalidTagCount();
  const zoneId = p.get("ZoneId");
  const instanceType = p.get("InstanceType");
  const typeFamily = p.get("InstanceTypeFamily");
  const vpcId = p.get("VpcId");
  const vSwitchId = p.get("VSwitchId");
  const sgId = p.get("SecurityGroupId");
  const privateIps = jsonSet(ctx, "PrivateIpAddresses");
  const publicIps = jsonSet(ctx, "PublicIpAddresses");
  const demoSg = demoSecurityGroupId(region.region.regionId);
  let list: Instance[];
  if (ids) list = ids.map((id) => region.instances.get(id)).filter((i): i is Instance => !!i);
  else list = region.instanceArray();
  const nameMatch = name ? wildcard(name) : null;
  if (status || nameMatch || tags.length || zoneId || instanceType || typeFamily || vpcId || vSwitchId || sgId || privateIps || publicIps)
    list = list.filter(
      (i) =>
        (!status || i.status === status) && (!nameMatch || nameMatch(i.instanceName)) && (!zoneId || i.zoneId === zoneId) &&
        (!instanceType || i.instanceType === instanceType) && (!typeFamily || i.instanceType.startsWith(`${typeFamily}.`)) &&
        (!vpcId || i.vpcId === vpcId) && (!vSwitchId || i.vSwitchId === vSwitchId) &&
        (!sgId || (i.securityGroupIds?.length ? i.securityGroupIds.includes(sgId) : sgId === demoSg)) &&
        (!privateIps || privateIps.has(i.privateIp)) && (!publicIps || (!!i.publicIp && publicIps.has(i.publicIp))) && matchesTags(i.tags, tags),
    );
  const page = paginate(p, list, { pageSizeMax: 100, maxResultsMax: 100 });
  return { ...page.fields, Instances: { Instance: page.items.map(renderInstance) } };
};

function renderDisk(instance: Instance, d: Disk) {
  return {
    DiskId: d.diskId,
    DiskName: `${instance.instanceName}-${d.type}`,
    Description: "",
    Type: d.type,
    Category: d.category,
    Size: d.sizeGiB,
    PerformanceLevel: d.performanceLevel ?? "",
    Status: "In_use",
    InstanceId: instance.instanceId,
    Device: d.device,
    ZoneId: instance.zoneId,
    RegionId: instance.regionId,
    Encrypted: false,
    DeleteWithInstance: d.type === "system",
    Portable: d.type === "data",
    EnableAutoSnapshot: false,
    SourceSnapshotId: "",
    ImageId: d.type === "system" ? instance.imageId : "",
    CreationTime: isoMinute(instance.creationTime),
    AttachedTime: isoMinute(instance.creationTime),
    IOPS: d.category === "cloud_essd" ? 1800 + 50 * d.sizeGiB : 0,
    MultiAttach: "Disabled",
    Attachments: { Attachment: [{ InstanceId: instance.instanceId, Device: d.device, AttachedTime: isoMinute(instance.creationTime) }] },
    Tags: { Tag: [] },
  };
}

const DISK_CATEGORIES = ["all", "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry", "local_ssd_pro", "local_hdd_pro", "ephemeral", "ephemeral_ssd"];

const describeDisks: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const instanceId = p.get("InstanceId");
  let diskIds: string[] | undefined;
  try {
    diskIds = p.jsonStringArray("DiskIds");
  } catch {
    throw diskIdsMalformed();
  }
  const diskType = p.get("DiskType") ?? "all";
  if (!["all", "system", "data"].includes(diskType)) throw diskTypeNotSupported();
  const category = p.get("Category") ?? "all";
  if (!DISK_CATEGORIES.includes(category)) throw diskCategoryNotSupported();
  const instances = instanceId ? [region.instances.get(instanceId)].filter((i): i is Instance => !!i) : region.instanceArray();
  const wanted = diskIds ? new Set(diskIds) : null;
  const rows: [Instance, Disk][] = [];
  for (const i of instances)
    for (const d of i.disks)
      if ((!wanted || wanted.has(d.diskId)) && (diskType === "all" || d.type === diskType) && (category === "all" || d.category === category)) rows.push([i, d]);
  const page = paginate(p, rows, { pageSizeMax: 100, maxResultsMax: 500 });
  return { ...page.fields, Disks: { Disk: page.items.map(([i, d]) => renderDisk(i, d)) } };
};

const describeRegions: Action = (ctx) => {
  // Region names are the scenario's (English) whatever AcceptLanguage asks for.
  return {
    Regions: {
      Region: [...ctx.account.regions.values()].map(({ region }) => ({
        RegionId: region.regionId,
        LocalName: region.localName,
        RegionEndpoint: `ecs.${region.regionId}.aliyuncs.com`,
        Status: "available",
      })),
    },
  };
};

const describeInstanceRamRole: Action = (ctx) => {
  const region = regionOf(ctx);
  const ids = instanceIdsJson(ctx, "InstanceIds", 50);
  const roleName = ctx.params.get("RamRoleName");
  if (!ids && !roleName) throw ramRoleArgumentsEmpty();
  let instances = ids ? ids.map((id) => instanceOrThrow(region, id)) : region.instanceArray().filter((i) => i.ramRoleName === roleName);
  if (ids && roleName) instances = instances.filter((i) => i.ramRoleName === roleName);
  const page = paginate(ctx.params, instances, { pageSizeMax: 50 });
  return {
    RegionId: region.region.regionId,
    TotalCount: instances.length,
    InstanceRamRoleSets: { InstanceRamRoleSet: page.items.map((i) => ({ InstanceId: i.instanceId, RamRoleName: i.ramRoleName ?? "" })) },
  };
};

const attachInstanceRamRole: Action = (ctx) => {
  const region = regionOf(ctx);
  const ids = instanceIdsJson(ctx, "InstanceIds", 100);
  if (!ids || ids.length === 0) throw missingParameter("InstanceIds");
  const roleName = ctx.params.required("RamRoleName");
  const role = ctx.account.roles.get(roleName);
  if (!role) throw ramRoleNotFound(roleName);
  if (!role.assumeRolePolicyDocument.includes("ecs.aliyuncs.com")) throw ramRoleNotEcsRole();
  const instances = ids.map((id) => instanceOrThrow(region, id));
  let failed = 0;
  const results = instances.map((i) => {
    if (i.ramRoleName && i.ramRoleName !== roleName) {
      failed++;
      return { InstanceId: i.instanceId, Success: false, Code: "InvalidInstance.RamRoleAlreadyAttached", Message: `The instance already has RAM role ${i.ramRoleName}.` };
    }
    i.ramRoleName = roleName;
    return { InstanceId: i.instanceId, Success: true, Code: "200", Message: "success" };
  });
  changed(ctx);
  return { RamRoleName: roleName, TotalCount: instances.length, FailCount: failed, AttachInstanceRamRoleResults: { AttachInstanceRamRoleResult: results } };
};

function instanceList(ctx: ActionContext, region: RegionState, max: number, required = true): Instance[] {
  const ids = ctx.params.list("InstanceId");
  if (required && ids.length === 0) throw missingParameter("InstanceId");
  if (ids.length > max) throw instanceIdsExceedLimit(max);
  return ids.map((id) => instanceOrThrow(region, id, "InvalidInstance.NotFound"));
}

const describeCloudAssistantStatus: Action = (ctx) => {
  const region = regionOf(ctx);
  const osType = ctx.params.get("OSType");
  let instances = instanceList(ctx, region, 100, false);
  if (instances.length === 0) instances = region.instanceArray();
  if (osType) instances = instances.filter((i) => i.osType === osType.toLowerCase());
  const page = paginate(ctx.params, instances, { pageSizeMax: 50, maxResultsMax: 50 });
  const invocationCount = (id: string) => [...region.invocations.values()].filter((inv) => inv.instances.some((x) => x.instanceId === id)).length;
  return {
    ...page.fields,
    InstanceCloudAssistantStatusSet: {
      InstanceCloudAssistantStatus: page.items.map((i) => ({
        InstanceId: i.instanceId,
        CloudAssistantStatus: String(i.cloudAssistant === "running" && i.status === "Running"),
        CloudAssistantVersion: i.cloudAssistant === "absent" ? "" : "2.2.3.398",
        OSType: i.osType === "windows" ? "Windows" : "Linux",
        LastHeartbeatTime: i.cloudAssistant === "running" ? isoSecond(ctx.now) : "",
        LastInvokedTime: "",
        InvocationCount: invocationCount(i.instanceId),
        ActiveTaskCount: 0,
        SupportSessionManager: i.cloudAssistant !== "absent",
      })),
    },
  };
};

const installCloudAssistant: Action = (ctx) => {
  const region = regionOf(ctx);
  const instances = instanceList(ctx, region, 50);
  for (const i of instances) if (i.status !== "Running") throw incorrectInstanceStatus(i);
  for (const i of instances) i.cloudAssistant = "running";
  changed(ctx);
  return {};
};

interface DeliveryResult {
  output: string;
  exitCode: number;
  errorCode?: string;
  errorInfo?: string;
  /** Simulated seconds the command runs; the invocation shows `Running` until then. */
  durationSeconds?: number;
  isTimedOut?: boolean;
}

/**
 * Per-instance delivery: Cloud Assistant must be running, otherwise the invocation fails on that instance. The
 * result is decided now and revealed at `finishTime` (now + the command's simulated duration on the scaled clock).
 */
function deliver(ctx: ActionContext, instance: Instance, run: () => DeliveryResult, timeoutSeconds?: number): InvocationInstance {
  const now = ctx.now;
  if (instance.cloudAssistant !== "running")
    return {
      instanceId: instance.instanceId, status: "Failed", exitCode: 0, output: "", startTime: now, finishTime: now,
      errorCode: instance.cloudAssistant === "absent" ? "ClientNotRunning" : "ClientNotResponse",
      errorInfo: instance.cloudAssistant === "absent" ? "the Cloud Assistant client is not installed on the instance" : "the Cloud Assistant client is not responding",
    };
  const r = run();
  const finishTime = now + Math.round(ctx.emulator.clock.scaled(r.durationSeconds ?? 0));
  if (r.isTimedOut)
    return {
      instanceId: instance.instanceId, status: "Timeout", exitCode: r.exitCode, output: r.output, startTime: now, finishTime,
      errorCode: "ExecutionTimeout", errorInfo: `the command did not finish within its Timeout of ${timeoutSeconds} seconds and was terminated`,
    };
  const failed = r.errorCode !== undefined || r.exitCode !== 0;
  return {
    instanceId: instance.instanceId, status: failed ? "Failed" : "Success", exitCode: r.exitCode, output: r.output, startTime: now, finishTime,
    errorCode: r.errorCode ?? (r.exitCode !== 0 ? "ExitCodeNonzero" : ""), errorInfo: r.errorInfo ?? (r.exitCode !== 0 ? `the command exited with code ${r.exitCode}` : ""),
  };
}

/** An invocation as a reader sees it at `now`: `Running`, with no output or exit code yet, until its finish time. */
function observe(i: InvocationInstance, now: number): InvocationInstance & { isRunning: boolean; recordStatus: string } {
  if (now < i.finishTime) return { ...i, status: "Running", exitCode: 0, output: "", errorCode: "", errorInfo: "", isRunning: true, recordStatus: "Running" };
  const isDeliveredAndRan = i.errorCode === "" || i.errorCode === "ExitCodeNonzero";
  return { ...i, isRunning: false, recordStatus: isDeliveredAndRan ? "Finished" : "Failed" };
}

const SCRIPT_TYPES: Record<string, "linux" | "windows"> = { RunShellScript: "linux", RunPowerShellScript: "windows", RunBatScript: "windows" };

const runCommand: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const type = p.required("Type");
  if (!SCRIPT_TYPES[type]) throw commandTypeNotFound(type);
  let content = p.required("CommandContent");
  if ((p.get("ContentEncoding") ?? "PlainText").toLowerCase() === "base64") content = Buffer.from(content, "base64").toString("utf8");
  if (Buffer.byteLength(content) > 18 * 1024) throw commandContentExceedLimit();
  const instances = instanceList(ctx, region, 100);
  for (const i of instances) {
    if (i.status !== "Running") throw incorrectInstanceStatus(i);
    if (i.osType !== SCRIPT_TYPES[type]) throw commandTypeNotMatchingOs(type, i.instanceId);
  }
  const parameters = p.json("Parameters");
  if (parameters && typeof parameters === "object")
    for (const [k, v] of Object.entries(parameters)) content = content.replaceAll(`{{${k}}}`, String(v));
  const timeout = p.int("Timeout", { min: 10, max: 86400, fallback: 60 })!;
  const invokeId = newId("t-", 20);
  region.invocations.set(invokeId, {
    invokeId, commandId: newId("c-", 20), name: p.get("Name") ?? "", type, content, timeout, createdAt: ctx.now,
    instances: instances.map((i) => deliver(ctx, i, () => runScript(i, content, { timeoutSeconds: timeout }), timeout)),
  });
  changed(ctx);
  return { CommandId: region.invocations.get(invokeId)!.commandId, InvokeId: invokeId };
};

const overallStatus = (instances: InvocationInstance[], now: number) => {
  const seen = instances.map((i) => observe(i, now));
  if (seen.some((i) => i.isRunning)) return "Running";
  const ok = seen.filter((i) => i.status === "Success").length;
  return ok === seen.length ? "Success" : ok === 0 ? "Failed" : "PartialFailed";
};
const isoOrEmpty = (ms: number, isRunning: boolean) => (isRunning ? "" : isoSecond(ms));
const encodeOutput = (ctx: ActionContext, text: string) =>
  (ctx.params.get("ContentEncoding") ?? "Base64").toLowerCase() === "plaintext" ? text : Buffer.from(text).toString("base64");

const describeInvocations: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const invokeId = p.get("InvokeId");
  const instanceId = p.get("InstanceId");
  const includeOutput = p.bool("IncludeOutput") ?? false;
  const list = [...region.invocations.values()]
    .filter((inv) => (!invokeId || inv.invokeId === invokeId) && (!instanceId || inv.instances.some((i) => i.instanceId === instanceId)))
    .reverse();
  const page = paginate(p, list, { pageSizeMax: 50, maxResultsMax: 50 });
  return {
    ...page.fields,
    Invocations: {
      Invocation: page.items.map((inv) => {
        const status = overallStatus(inv.instances, ctx.now);
        return {
          InvokeId: inv.invokeId, CommandId: inv.commandId, CommandName: inv.name, CommandType: inv.type,
          CommandContent: encodeOutput(ctx, inv.content), InvocationStatus: status, InvokeStatus: status === "Running" ? "Running" : "Finished",
          Timeout: inv.timeout, CreationTime: isoSecond(inv.createdAt), RepeatMode: "Once", Parameters: "{}", Frequency: "",
          InvokeInstances: {
            InvokeInstance: inv.instances.map((raw) => {
              const i = observe(raw, ctx.now);
              return {
                InstanceId: i.instanceId, InvocationStatus: i.status, InstanceInvokeStatus: i.recordStatus, Output: includeOutput ? encodeOutput(ctx, i.output) : "",
                ExitCode: i.exitCode, ErrorCode: i.errorCode, ErrorInfo: i.errorInfo, Dropped: 0, Repeats: 1,
                StartTime: isoSecond(i.startTime), FinishTime: isoOrEmpty(i.finishTime, i.isRunning), UpdateTime: isoSecond(Math.min(ctx.now, i.finishTime)), StopTime: "",
              };
            }),
          },
        };
      }),
    },
  };
};

const describeInvocationResults: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const invokeId = p.get("InvokeId");
  const instanceId = p.get("InstanceId");
  const rows = [...region.invocations.values()]
    .filter((inv) => !invokeId || inv.invokeId === invokeId)
    .flatMap((inv) => inv.instances.filter((i) => !instanceId || i.instanceId === instanceId).map((i) => ({ inv, i })));
  const page = paginate(p, rows, { pageSizeMax: 50, maxResultsMax: 50 });
  return {
    Invocation: {
      ...page.fields,
      InvocationResults: {
        InvocationResult: page.items.map(({ inv, i: raw }) => {
          const i = observe(raw, ctx.now);
          return {
            InvokeId: inv.invokeId, InstanceId: i.instanceId, CommandId: inv.commandId, InvocationStatus: i.status,
            InvokeRecordStatus: i.recordStatus, ExitCode: i.exitCode, Output: encodeOutput(ctx, i.output), ErrorCode: i.errorCode,
            ErrorInfo: i.errorInfo, Dropped: 0, Repeats: 1, StartTime: isoSecond(i.startTime), FinishedTime: isoOrEmpty(i.finishTime, i.isRunning),
            StopTime: "", Username: "root",
          };
        }),
      },
    },
  };
};

const sendFile: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const name = p.required("Name");
  const targetDir = p.required("TargetDir");
  const rawContent = p.required("Content");
  const contentType = p.get("ContentType") ?? "PlainText";
  if (!["PlainText", "Base64"].includes(contentType)) throw fileContentTypeInvalid();
  if (Buffer.byteLength(contentType === "Base64" ? rawContent : Buffer.from(rawContent).toString("base64")) > 32 * 1024)
    throw fileSizeExceedLimit();
  if (name.length > 255 || name.includes("/")) throw fileNameInvalid();
  if (!targetDir.startsWith("/") && !/^[A-Za-z]:\\/.test(targetDir)) throw fileTargetDirInvalid();
  const fileMode = p.get("FileMode") ?? "0644";
  if (!/^0?[0-7]{3}$/.test(fileMode)) throw fileModeInvalid();
  const content = contentType === "Base64" ? Buffer.from(rawContent, "base64").toString("utf8") : rawContent;
  const owner = p.get("FileOwner") ?? "root";
  const group = p.get("FileGroup") ?? "root";
  const overwrite = p.bool("Overwrite") ?? false;
  p.int("Timeout", { min: 10, max: 86400, fallback: 60 });
  const instances = instanceList(ctx, region, 50);
  for (const i of instances) if (i.status !== "Running") throw incorrectInstanceStatus(i);
  const path = `${targetDir.replace(/[/\\]$/, "")}${targetDir.includes("\\") ? "\\" : "/"}${name}`;
  const invokeId = newId("f-", 20);
  region.sendFiles.set(invokeId, {
    invokeId, name, targetDir, content: rawContent, contentType, fileMode: fileMode.padStart(4, "0"), fileOwner: owner, fileGroup: group, overwrite, createdAt: ctx.now,
    instances: instances.map((i) =>
      deliver(ctx, i, () => {
        const existing = i.files.findIndex((f) => f.path === path);
        if (existing >= 0 && !overwrite) return { output: "", exitCode: 0, errorCode: "FileAlreadyExists", errorInfo: `${path} already exists and Overwrite is false` };
        const file = { path, mode: fileMode.padStart(4, "0"), owner, group, content };
        if (existing >= 0) i.files[existing] = file;
        else i.files.push(file);
        return { output: "", exitCode: 0 };
      }),
    ),
  });
  changed(ctx);
  return { InvokeId: invokeId };
};

const describeSendFileResults: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  const invokeId = p.get("InvokeId");
  const instanceId = p.get("InstanceId");
  const name = p.get("Name");
  const list = [...region.sendFiles.values()]
    .filter((f) => (!invokeId || f.invokeId === invokeId) && (!name || f.name === name) && (!instanceId || f.instances.some((i) => i.instanceId === instanceId)))
    .reverse();
  const page = paginate(p, list, { pageSizeMax: 50, maxResultsMax: 50 });
  return {
    ...page.fields,
    Invocations: {
      Invocation: page.items.map((f) => ({
        InvokeId: f.invokeId, Name: f.name, Description: "", TargetDir: f.targetDir, Content: f.content, ContentType: f.contentType,
        FileMode: f.fileMode, FileOwner: f.fileOwner, FileGroup: f.fileGroup, Overwrite: String(f.overwrite), CreationTime: isoSecond(f.createdAt),
        VmCount: f.instances.length, InvocationStatus: overallStatus(f.instances, ctx.now),
        InvokeInstances: {
          InvokeInstance: f.instances.map((i) => ({
            InstanceId: i.instanceId, InvocationStatus: i.status, ErrorCode: i.errorCode, ErrorInfo: i.errorInfo, CreationTime: isoSecond(f.createdAt),
            StartTime: isoSecond(i.startTime), FinishTime: isoSecond(i.finishTime), UpdateTime: isoSecond(i.finishTime),
          })),
        },
        Tags: { Tag: [] },
      })),
    },
  };
};

export function renderSnapshot(s: EcsSnapshot) {
  return {
    SnapshotId: s.snapshotId, SnapshotName: s.snapshotName, Description: s.description, Status: s.status,
    Progress: s.status === "accomplished" ? "100%" : "50%", SourceDiskId: s.sourceDiskId, SourceDiskType: s.sourceDiskType,
    SourceDiskSize: String(s.sourceDiskSize), SourceStorageType: "disk", CreationTime: isoSecond(s.creationTime), LastModifiedTime: isoSecond(s.creationTime),
    RetentionDays: s.retentionDays ?? 0, Category: "standard", Encrypted: false, Available: s.status === "accomplished", InstantAccess: false,
    SnapshotType: "user", Usage: "none", ProductCode: "", RegionId: "", Tags: tagList(s.tags),
  };
}

const describeSnapshots: Action = (ctx) => {
  const region = regionOf(ctx);
  const p = ctx.params;
  ctx.emulator.tick(ctx.account, region.region.regionId);
  const instanceId = p.get("InstanceId");
  const diskId = p.get("DiskId");
  const ids = p.jsonStringArray("SnapshotIds");
  const status = p.get("Status") ?? "all";
  const diskType = p.get("SourceDiskType");
  const name = p.get("SnapshotName");
  const tags = p.tags();
  const wanted = ids ? new Set(ids) : null;
  const list = [...region.snapshots.values()]
    .filter(
      (s) =>
        (!instanceId || s.instanceId === instanceId) && (!diskId || s.sourceDiskId === diskId) && (!wanted || wanted.has(s.snapshotId)) &&
        (status === "all" || s.status === status) && (!diskType || s.sourceDiskType === diskType.toLowerCase()) && (!name || s.snapshotName === name) &&
        matchesTags(s.tags, tags),
    )
    .reverse();
  const page = paginate(p, list, { pageSizeMax: 100, maxResultsMax: 100 });
  return { ...page.fields, Snapshots: { Snapshot: page.items.map((s) => ({ ...renderSnapshot(s), RegionId: region.region.regionId })) } };
};

const describeSnapshotGroups: Action = (ctx) => {
  const region = regionOf(ctx);
  ctx.emulator.tick(ctx.account, region.region.regionId);
  const p = ctx.params;
  const instanceId = p.get("InstanceId");
  const ids = p.list("SnapshotGroupId");
  const statuses = p.list("Status");
  for (const s of statuses) if (!["progressing", "accomplished", "failed"].includes(s)) throw snapshotGroupStatusNotSupported();
  const name = p.get("Name");
  const tags = p.tags();
  const list = [...region.snapshotGroups.values()]
    .filter((g) => (!instanceId || g.instanceId === instanceId) && (!ids.length || ids.includes(g.snapshotGroupId)) && (!statuses.length || statuses.includes(g.status)) && (!name || g.name === name) && matchesTags(g.tags, tags))
    .reverse();
  const page = paginate(p, list, { tokenOnly: true, maxResultsMax: 100 });
  const kv = (tags: Record<string, string>) => ({ Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
  return {
    NextToken: page.fields.NextToken,
    SnapshotGroups: {
      SnapshotGroup: page.items.map((g) => ({
        SnapshotGroupId: g.snapshotGroupId, Name: g.name, Description: g.description, InstanceId: g.instanceId, Status: g.status,
        ProgressStatus: "", CreationTime: isoSecond(g.creationTime), ResourceGroupId: "", Tags: kv(g.tags),
        Snapshots: {
          Snapshot: g.snapshotIds.map((id) => region.snapshots.get(id)).filter((s): s is EcsSnapshot => !!s).map((s) => ({
            SnapshotId: s.snapshotId, SourceDiskId: s.sourceDiskId, SourceDiskType: s.sourceDiskType, Progress: "100%", Available: true, InstantAccess: false, Tags: kv(s.tags),
          })),
        },
      })),
    },
  };
};

export const ecsService: Service = {
  product: "Ecs",
  endpointPrefix: "ecs",
  actions: {
    DescribeRegions: describeRegions,
    DescribeInstances: describeInstances,
    DescribeDisks: describeDisks,
    DescribeInstanceRamRole: describeInstanceRamRole,
    AttachInstanceRamRole: attachInstanceRamRole,
    DescribeCloudAssistantStatus: describeCloudAssistantStatus,
    InstallCloudAssistant: installCloudAssistant,
    RunCommand: runCommand,
    DescribeInvocations: describeInvocations,
    DescribeInvocationResults: describeInvocationResults,
    SendFile: sendFile,
    DescribeSendFileResults: describeSendFileResults,
    DescribeSnapshots: describeSnapshots,
    DescribeSnapshotGroups: describeSnapshotGroups,
    ...tagActions,
    ...networkActions,
    ...lifecycleActions,
  },
};

