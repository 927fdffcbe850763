import { newHbrId, unixSeconds } from "../../protocol/ids.ts";
import type { RestoreJob, RestoreType } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { incorrectInstanceStatus } from "../ecs/errors.ts";
import { checkPlacement, checkZoneOffer } from "../ecs/placement.ts";
import { paginate } from "../paging.ts";
import type { Action } from "../types.ts";
import { badRequest, restoreCannotCancel, restoreNotFound, restoreSnapshotNotFound } from "./errors.ts";
import { detailBool, detailStr, placementOf, restoreDuration, restoreProgress } from "./restore-engine.ts";
import { changed, compare, detailOf, filtersOf, instanceOrThrow, ok, requireUdmEcs, resolveRegion, resolveRegionById } from "./shared.ts";

const RESTORE_TYPES: readonly RestoreType[] = ["UDM_ECS", "UDM_ECS_ROLLBACK", "UDM_ECS_DISK", "UDM_ECS_DISK_ROLLBACK"];
/** UdmDetail keys each RestoreType requires (the official CreateRestoreJobRequest model's documentation). */
const REQUIRED_KEYS: Record<RestoreType, string[]> = {
  UDM_ECS: ["diskCategory", "instanceType", "restoredNetwork", "securityGroup", "restoredName", "restoredHostName"],
  UDM_ECS_ROLLBACK: ["sourceInstanceId"],
  UDM_ECS_DISK: ["targetInstanceId", "diskCategory"],
  UDM_ECS_DISK_ROLLBACK: ["sourceInstanceId"],
};
const PERFORMANCE_LEVELS = ["PL0", "PL1", "PL2", "PL3"];

/**
 * CreateRestoreJob, SourceType UDM_ECS. What HBR/ECS would refuse at once is a synchronous 4xx (COVERAGE.md lists
 * each): where a new instance or disk goes is checked as ECS RunInstances checks it (checkPlacement, its codes). What
 * can only go wrong later (the source deleted, the backup expired meanwhile) ends as a FAILED job.
 */
export const createRestoreJob: Action = (ctx) => {
  requireUdmEcs(ctx);
  const restoreType = ctx.params.required("RestoreType") as RestoreType;
  if (!RESTORE_TYPES.includes(restoreType)) throw badRequest(`RestoreType ${restoreType} is not valid for SourceType UDM_ECS (${RESTORE_TYPES.join(", ")}).`);
  const snapshotId = ctx.params.required("SnapshotId");
  ctx.params.required("UdmRegionId");
  const region = resolveRegion(ctx);
  const detail = detailOf(ctx, "UdmDetail");
  const bodyTarget = ctx.params.get("TargetInstanceId");
  if (restoreType === "UDM_ECS_DISK" && !detail.targetInstanceId && bodyTarget) detail.targetInstanceId = bodyTarget;
  for (const key of REQUIRED_KEYS[restoreType]) if (detailStr(detail, key) === "") throw badRequest(`UdmDetail.${key} is required for RestoreType ${restoreType}.`);
  const level = detailStr(detail, "diskPerformanceLevel");
  if (level && !PERFORMANCE_LEVELS.includes(level)) throw badRequest(`UdmDetail.diskPerformanceLevel ${level} is not valid (${PERFORMANCE_LEVELS.join(", ")}).`);

  const snapshot = region.hbrSnapshots.get(snapshotId);
  if (!snapshot) throw restoreSnapshotNotFound(snapshotId, region.region.regionId);
  const natives = snapshot.nativeSnapshotIds.map((id) => region.snapshots.get(id));
  if (natives.some((s) => !s)) throw restoreSnapshotNotFound(snapshotId, region.region.regionId);

  let targetInstanceId = "";
  if (restoreType === "UDM_ECS") {
    if (!natives.some((s) => s!.sourceDiskType === "system")) throw badRequest(`Backup ${snapshotId} holds no system disk: restore its disks (UDM_ECS_DISK) instead of a new instance.`);
    checkPlacement(region, placementOf(detail));
  } else if (restoreType === "UDM_ECS_DISK") {
    const target = instanceOrThrow(region, detailStr(detail, "targetInstanceId"));
    if (target.status !== "Running" && target.status !== "Stopped") throw incorrectInstanceStatus(target);
    checkZoneOffer(region, target.zoneId, { diskCategories: [detailStr(detail, "diskCategory")] });
    targetInstanceId = target.instanceId;
  } else {
    const sourceId = detailStr(detail, "sourceInstanceId");
    if (sourceId !== snapshot.instanceId) throw badRequest(`UdmDetail.sourceInstanceId ${sourceId} is not the instance of backup ${snapshotId} (${snapshot.instanceId}).`);
    const source = instanceOrThrow(region, sourceId);
    // ECS refuses to reset the disks of an instance that is not Stopped (ResetDisk): so does the rollback.
    if (source.status !== "Stopped") throw incorrectInstanceStatus(source);
    if (!detailBool(detail, "forceRestore")) {
      const attached = new Set(source.disks.map((d) => d.diskId));
      const missing = snapshot.diskIds.filter((id) => !attached.has(id));
      if (missing.length) throw badRequest(`The disks ${missing.join(", ")} of the backup are no longer attached to ${sourceId}; set forceRestore to roll back the others.`);
    }
    targetInstanceId = source.instanceId;
  }

  const gib = natives.reduce((sum, s) => sum + s!.sourceDiskSize, 0);
  const { startAt, endAt } = restoreDuration(ctx.emulator, ctx.now, gib);
  const job: RestoreJob = {
    restoreId: newHbrId("r"),
    restoreType,
    sourceType: "UDM_ECS",
    snapshotId,
    snapshotHash: ctx.params.get("SnapshotHash") ?? "",
    udmRegionId: region.region.regionId,
    sourceInstanceId: snapshot.instanceId,
    targetInstanceId,
    udmDetail: detail,
    status: "CREATED",
    createdTime: ctx.now,
    startAt,
    endAt,
    startTime: null,
    completeTime: null,
    updatedTime: ctx.now,
    bytesTotal: Math.round(gib * 1024 ** 3 * 0.3),
    errorMessage: "",
    createdDiskIds: [],
  };
  region.restoreJobs.set(job.restoreId, job);
  changed(ctx);
  return { ...ok, RestoreId: job.restoreId };
};

function renderRestore(region: RegionState, j: RestoreJob, now: number) {
  const progress = restoreProgress(j, now);
  const bytesDone = Math.round((j.bytesTotal * progress) / 10000);
  const seconds = Math.max(1, ((j.completeTime ?? now) - j.startAt) / 1000);
  const target = j.targetInstanceId ? region.instances.get(j.targetInstanceId) : undefined;
  return {
    RestoreId: j.restoreId, RestoreType: j.restoreType, SourceType: j.sourceType, Status: j.status, Progress: progress,
    SnapshotId: j.snapshotId, SnapshotHash: j.snapshotHash, SourceInstanceId: j.sourceInstanceId, SourceResourceId: j.sourceInstanceId,
    TargetInstanceId: j.targetInstanceId, TargetDataSourceId: j.targetInstanceId, TargetInstanceName: target?.instanceName ?? "",
    // UdmDetail as sent, plus what the restore made (the new instance, the disks it created).
    UdmDetail: JSON.stringify({ ...j.udmDetail, ...(j.targetInstanceId ? { targetInstanceId: j.targetInstanceId } : {}), createdDiskIds: j.createdDiskIds, udmRegionId: j.udmRegionId }),
    ErrorMessage: j.errorMessage, BytesTotal: j.bytesTotal, BytesDone: bytesDone, ActualBytes: Math.round(bytesDone * 0.8),
    Speed: j.status === "RUNNING" || j.status === "COMPLETE" ? Math.round(bytesDone / 1024 / seconds) : 0,
    CreatedTime: unixSeconds(j.createdTime), StartTime: j.startTime === null ? 0 : unixSeconds(j.startTime),
    CompleteTime: j.completeTime === null ? 0 : unixSeconds(j.completeTime), UpdatedTime: unixSeconds(j.updatedTime), ExpireTime: 0,
    VaultId: "", ParentId: "", CrossAccountType: "SELF_ACCOUNT",
  };
}

export const describeRestoreJobs2: Action = (ctx) => {
  const filters = filtersOf(ctx);
  const regionFilter = filters.find((f) => f.key === "RegionId")?.values[0];
  const idFilter = filters.find((f) => f.key === "RestoreId" || f.key === "JobId")?.values[0];
  const region = regionFilter ? resolveRegionById(ctx, regionFilter) : resolveRegion(ctx, (r) => !!idFilter && r.restoreJobs.has(idFilter));
  const restoreType = ctx.params.get("RestoreType");
  if (restoreType !== undefined && !RESTORE_TYPES.includes(restoreType as RestoreType)) throw badRequest(`RestoreType ${restoreType} is not valid.`);
  for (const f of filters) if (f.key === "CompleteTime" && f.operator === "IN") throw badRequest("Operator IN is not allowed with CompleteTime.");
  const fieldsOf = (j: RestoreJob, key: string): (string | number)[] | null => {
    switch (key) {
      case "RegionId": return [region.region.regionId];
      case "RestoreId":
      case "JobId": return [j.restoreId];
      // either side of the restore: the backup's instance or where it lands
      case "InstanceId": return [j.sourceInstanceId, j.targetInstanceId].filter(Boolean);
      case "Status": return [j.status];
      case "PlanId":
      case "VaultId": return [""];
      case "CreatedTime": return [unixSeconds(j.createdTime)];
      case "CompleteTime": return [j.completeTime === null ? 0 : unixSeconds(j.completeTime)];
      default: return null;
    }
  };
  const list = [...region.restoreJobs.values()]
    .filter((j) => !restoreType || j.restoreType === restoreType)
    .filter((j) =>
      filters.every((f) => {
        const fields = fieldsOf(j, f.key);
        if (fields === null) throw badRequest(`Filter key ${f.key} is not valid.`);
        return fields.some((field) => compare(field, f.operator, f.values));
      }),
    )
    .sort((a, b) => b.createdTime - a.createdTime || (a.restoreId < b.restoreId ? 1 : -1));
  const page = paginate(ctx.params, list, { pageSizeMax: 99 });
  return { ...ok, ...page.fields, RestoreJobs: { RestoreJob: page.items.map((j) => renderRestore(region, j, ctx.now)) } };
};

export const cancelRestoreJob: Action = (ctx) => {
  const restoreId = ctx.params.required("RestoreId");
  const region = resolveRegion(ctx, (r) => r.restoreJobs.has(restoreId));
  const job = region.restoreJobs.get(restoreId);
  if (!job) throw restoreNotFound(restoreId);
  if (job.status !== "CREATED" && job.status !== "RUNNING") throw restoreCannotCancel(job.status);
  job.status = "CANCELING";
  job.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};
