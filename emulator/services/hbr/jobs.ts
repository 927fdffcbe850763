import { unixSeconds } from "../../protocol/ids.ts";
import type { BackupJob } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { paginate } from "../paging.ts";
import type { Action } from "../types.ts";
import { createJob, jobProgress, normaliseOptions } from "./engine.ts";
import { badRequest, jobCannotCancel, jobNotFound } from "./errors.ts";
import { changed, compare, detailOf, filtersOf, instanceOrThrow, ok, requireUdmEcs, resolveRegion, resolveRegionById } from "./shared.ts";

export const createBackupJob: Action = (ctx) => {
  requireUdmEcs(ctx);
  const region = resolveRegion(ctx);
  const instance = instanceOrThrow(region, ctx.params.required("InstanceId"));
  const backupType = ctx.params.get("BackupType") ?? "COMPLETE";
  if (!["COMPLETE", "INCREMENTAL"].includes(backupType)) throw badRequest(`BackupType ${backupType} is not valid.`);
  const options = normaliseOptions(detailOf(ctx));
  if (options.doCopy && !ctx.account.region(options.destinationRegionId)) throw badRequest(`destinationRegionId "${options.destinationRegionId}" is not a known region.`);
  const job = createJob(ctx.emulator, region, {
    instance, options, backupType, triggerMode: "MANUAL", jobName: ctx.params.get("JobName") ?? `manual-${instance.instanceId}`,
    retention: ctx.params.int("Retention", { min: 1, max: 364635, fallback: 7 })!, keepLatestSnapshots: 0,
  }, ctx.now);
  changed(ctx);
  return { ...ok, JobId: job.jobId };
};

function renderJob(region: RegionState, j: BackupJob, now: number) {
  const progress = jobProgress(j, now);
  const instance = region.instances.get(j.instanceId);
  const bytesDone = Math.round((j.bytesTotal * progress) / 10000);
  const seconds = Math.max(1, ((j.completeTime ?? now) - j.startAt) / 1000);
  return {
    JobId: j.jobId, JobName: j.jobName, SourceType: j.sourceType, InstanceId: j.instanceId, PlanId: j.planId || j.policyId, VaultId: "",
    Status: j.status, Progress: progress, BytesTotal: j.bytesTotal, BytesDone: bytesDone, ActualBytes: Math.round(bytesDone * 0.8),
    Speed: j.status === "RUNNING" || j.status === "COMPLETE" ? Math.round(bytesDone / 1024 / seconds) : 0,
    CreatedTime: unixSeconds(j.createdTime), StartTime: j.startTime === null ? 0 : unixSeconds(j.startTime),
    CompleteTime: j.completeTime === null ? 0 : unixSeconds(j.completeTime), UpdatedTime: unixSeconds(Math.min(now, j.completeTime ?? now)),
    ErrorMessage: j.errorMessage, BackupType: j.backupType, TriggerMode: j.triggerMode, CrossAccountType: "SELF_ACCOUNT",
    Detail: {
      DoCopy: j.options.doCopy,
      NativeSnapshotId: j.snapshotGroupId || (j.nativeSnapshotIds[0] ?? ""),
      DestinationRetention: j.options.doCopy ? (j.replica?.retention ?? j.options.destinationRetention) : 0,
      DestinationSnapshotId: j.replica?.snapshotId ?? "",
      DestinationNativeSnapshotId: j.replica?.nativeSnapshotIds[0] ?? "",
      DestinationNativeSnapshotStatus: j.replica ? "COMPLETE" : j.options.doCopy ? "CREATED" : "",
      DestinationNativeSnapshotProgress: j.replica ? 100 : 0,
      DestinationNativeSnapshotErrorMessage: "",
      DiskNativeSnapshotIdList: { DiskNativeSnapshotId: j.nativeSnapshotIds },
      // An object (a map keyed by instance id), as the official SDK's model types it; its client throws on a string.
      InstanceInfos: instance
        ? { [instance.instanceId]: { hostName: instance.hostName, instanceName: instance.instanceName, instanceType: instance.instanceType, osType: instance.osType, diskIds: instance.disks.map((d) => d.diskId), osName: instance.osName, osNameEn: instance.osName, platform: instance.osType === "windows" ? "Windows" : "Linux" } }
        : {},
    },
  };
}

export const describeBackupJobs2: Action = (ctx) => {
  requireUdmEcs(ctx, false);
  const filters = filtersOf(ctx);
  const regionFilter = filters.find((f) => f.key === "RegionId")?.values[0];
  const jobFilter = filters.find((f) => f.key === "JobId")?.values[0];
  const region = regionFilter ? resolveRegionById(ctx, regionFilter) : resolveRegion(ctx, (r) => !!jobFilter && r.jobs.has(jobFilter));
  const fieldOf = (j: BackupJob, key: string): string | number | null => {
    switch (key) {
      case "RegionId": return region.region.regionId;
      case "PlanId": return j.planId || j.policyId;
      case "JobId": return j.jobId;
      case "InstanceId": return j.instanceId;
      case "Status": return j.status;
      case "VaultId": return "";
      case "CreatedTime": return unixSeconds(j.createdTime);
      case "CompleteTime": return j.completeTime === null ? 0 : unixSeconds(j.completeTime);
      case "instanceName": return region.instances.get(j.instanceId)?.instanceName ?? "";
      default: return null;
    }
  };
  for (const f of filters) if (f.key === "CompleteTime" && f.operator === "IN") throw badRequest("Operator IN is not allowed with CompleteTime.");
  // Named jobs are looked up, not searched for among every job of the region (the same filters apply after).
  const named = filters.find((f) => f.key === "JobId" && (f.operator === "IN" || f.operator === "EQUAL"));
  const candidates = named
    ? [...new Set(named.values)].flatMap((id) => region.jobs.get(id) ?? []).sort((a, b) => a.createdTime - b.createdTime)
    : [...region.jobs.values()];
  const list = candidates.filter((j) =>
    filters.every((f) => {
      const field = fieldOf(j, f.key);
      if (field === null) throw badRequest(`Filter key ${f.key} is not valid.`);
      return compare(field, f.operator, f.values);
    }),
  );
  const direction = ctx.params.get("SortDirection") ?? "DESCEND";
  if (direction !== "ASCEND" && direction !== "DESCEND") throw badRequest("SortDirection must be ASCEND or DESCEND.");
  if (direction === "DESCEND") list.reverse();
  const page = paginate(ctx.params, list, { pageSizeMax: 99 });
  return { ...ok, ...page.fields, BackupJobs: { BackupJob: page.items.map((j) => renderJob(region, j, ctx.now)) } };
};

export const cancelBackupJob: Action = (ctx) => {
  const jobId = ctx.params.required("JobId");
  const region = resolveRegion(ctx, (r) => r.jobs.has(jobId));
  const job = region.jobs.get(jobId);
  if (!job) throw jobNotFound(jobId);
  if (job.status !== "CREATED" && job.status !== "RUNNING") throw jobCannotCancel(job.status);
  job.status = "CANCELING";
  job.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

