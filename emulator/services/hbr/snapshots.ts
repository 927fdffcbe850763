import { missingParameter } from "../../protocol/errors.ts";
import { unixSeconds } from "../../protocol/ids.ts";
import type { HbrSnapshot } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import type { Action } from "../types.ts";
import { badRequest } from "./errors.ts";
import { ok, resolveRegion } from "./shared.ts";

export const describeUdmSnapshots: Action = (ctx) => {
  const sourceType = ctx.params.required("SourceType");
  if (!["UDM_ECS", "UDM_ECS_DISK", "UDM_DISK"].includes(sourceType)) throw badRequest(`SourceType ${sourceType} is not valid.`);
  ctx.params.required("UdmRegionId");
  const region = resolveRegion(ctx);
  const start = ctx.params.int("StartTime", { min: 0 });
  const end = ctx.params.int("EndTime", { min: 0 });
  if (start === undefined) throw missingParameter("StartTime");
  if (end === undefined) throw missingParameter("EndTime");
  const instanceId = ctx.params.get("InstanceId");
  const diskId = ctx.params.get("DiskId");
  const jobId = ctx.params.get("JobId");
  const ids = ctx.params.jsonStringArray("SnapshotIds");
  // A job of this region names its backup: look it up (replicas, made by another region's job, are searched for).
  const ownJob = jobId ? region.jobs.get(jobId) : undefined;
  const candidates = ownJob ? [region.hbrSnapshots.get(ownJob.snapshotId)].filter((s) => s !== undefined) : [...region.hbrSnapshots.values()];
  const list = candidates.filter(
    (s) =>
      unixSeconds(s.completeTime) >= start && unixSeconds(s.createdTime) <= end && (!instanceId || s.instanceId === instanceId) &&
      (!diskId || s.diskIds.includes(diskId)) && (!jobId || s.jobId === jobId) && (!ids || ids.includes(s.snapshotId)),
  );
  const snapshots = sourceType === "UDM_ECS" ? list.map((s) => renderUdmSnapshot(region, s)) : [];
  return { ...ok, TotalCount: snapshots.length, Snapshots: snapshots };
};

function renderUdmSnapshot(region: RegionState, s: HbrSnapshot) {
  const native = region.snapshots.get(s.nativeSnapshotIds[0] ?? "");
  const sec = unixSeconds;
  return {
    SnapshotId: s.snapshotId, NativeSnapshotId: s.nativeSnapshotId, InstanceId: s.instanceId, DiskId: "", JobId: s.jobId, SourceType: s.sourceType,
    Status: s.status, BackupType: s.backupType, Retention: s.retention, ExpireTime: sec(s.expireTime), ActualBytes: String(s.actualBytes),
    BytesTotal: s.bytesTotal, CreatedTime: sec(s.createdTime), CreateTime: sec(s.createdTime), StartTime: sec(s.createdTime), CompleteTime: sec(s.completeTime),
    UpdatedTime: sec(s.completeTime), RealSnapshotTime: sec(s.completeTime), CanBeDeleted: false, ArchiveStatus: "", Prefix: "",
    NativeSnapshotInfo: native
      ? JSON.stringify({ snapshotId: native.snapshotId, sourceDiskId: native.sourceDiskId, status: native.status, progress: "100%", retentionDays: native.retentionDays, tags: native.tags })
      : "",
    Detail: {
      ConsistentLevel: s.consistency.level,
      DowngradeReason: s.consistency.downgradeReason,
      SnapshotGroupId: s.snapshotGroupId,
      DiskIdList: s.diskIds,
      NativeSnapshotIdList: s.nativeSnapshotIds,
      ContainOsDisk: true,
      InstanceName: s.instanceName,
      OsType: s.osType,
      OsName: s.osName,
      OsNameEn: s.osName,
      Platform: s.osType === "windows" ? "Windows" : "Linux",
      SourceRegionId: s.sourceRegionId,
    },
  };
}

