import type { Emulator } from "../../emulator.ts";
import { newHbrId, newId } from "../../protocol/ids.ts";
import type { BackupJob, BackupOptions, BackupPlan, Consistency, EcsSnapshot, HbrSnapshot, Instance, Policy } from "../../state/models.ts";
import type { AccountState, RegionState } from "../../state/store.ts";
import { decideConsistency } from "./consistency.ts";
import { captureDiskFiles } from "./guest-files.ts";
import { nextRun, parseSchedule } from "./schedule.ts";

const QUEUE_SECONDS = 5;
const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;

/** Options from plan/job `Detail` (lowerCamel) or binding `UdmDetail` (PascalCase): both casings are read. */
export function normaliseOptions(raw: Record<string, unknown> | undefined): BackupOptions {
  const r = raw ?? {};
  const pick = (name: string): unknown => r[name] ?? r[name[0]!.toUpperCase() + name.slice(1)];
  const bool = (name: string, fallback: boolean) => {
    const v = pick(name);
    return v === undefined || v === null || v === "" ? fallback : v === true || v === "true";
  };
  const str = (name: string) => (typeof pick(name) === "string" ? (pick(name) as string) : "");
  const num = (name: string, fallback: number) => (Number.isFinite(Number(pick(name))) && pick(name) !== undefined && pick(name) !== "" ? Number(pick(name)) : fallback);
  const list = (name: string) => (Array.isArray(pick(name)) ? (pick(name) as unknown[]).map(String) : []);
  return {
    appConsistent: bool("appConsistent", false),
    snapshotGroup: bool("snapshotGroup", false),
    enableWriters: bool("enableWriters", true),
    enableFsFreeze: bool("enableFsFreeze", true),
    preScriptPath: str("preScriptPath"),
    postScriptPath: str("postScriptPath"),
    timeoutInSeconds: num("timeoutInSeconds", num("timeoutSeconds", 30)),
    diskIdList: list("diskIdList"),
    doCopy: bool("doCopy", false),
    destinationRegionId: str("destinationRegionId"),
    destinationRetention: num("destinationRetention", -1),
  };
}

export interface JobRequest {
  instance: Instance;
  options: BackupOptions;
  retention: number;
  keepLatestSnapshots: number;
  backupType: string;
  jobName: string;
  triggerMode: BackupJob["triggerMode"];
  planId?: string;
  policyId?: string;
  ruleId?: string;
}

/** Queued now, running after a short queue, complete after a time proportional to the data (all on the scaled clock). */
export function createJob(emulator: Emulator, region: RegionState, req: JobRequest, now: number): BackupJob {
  const disks = selectedDisks(req.instance, req.options);
  const gib = disks.reduce((sum, d) => sum + d.sizeGiB, 0);
  const startAt = now + emulator.clock.scaled(QUEUE_SECONDS);
  const job: BackupJob = {
    jobId: newHbrId("job"),
    jobName: req.jobName,
    sourceType: "UDM_ECS",
    instanceId: req.instance.instanceId,
    planId: req.planId ?? "",
    policyId: req.policyId ?? "",
    ruleId: req.ruleId ?? "",
    status: "CREATED",
    triggerMode: req.triggerMode,
    backupType: req.backupType,
    retention: req.retention,
    keepLatestSnapshots: req.keepLatestSnapshots,
    options: req.options,
    createdTime: now,
    startAt,
    endAt: startAt + emulator.clock.scaled(30 + gib * 0.5),
    startTime: null,
    completeTime: null,
    updatedTime: now,
    bytesTotal: Math.round(gib * GIB * 0.3),
    errorMessage: "",
    consistency: null,
    snapshotId: "",
    nativeSnapshotIds: [],
    snapshotGroupId: "",
    replica: null,
    taskId: newId("t-", 20),
  };
  region.jobs.set(job.jobId, job);
  region.trackJob(job);
  region.tasks.set(job.taskId, {
    taskId: job.taskId, name: "UdmEcsBackupTask", progress: 0, description: "created", result: JSON.stringify({ jobId: job.jobId }),
    createdTime: now, updatedTime: now, completedTime: 0,
  });
  return job;
}

function selectedDisks(instance: Instance, options: BackupOptions) {
  const wanted = options.diskIdList.length ? new Set(options.diskIdList) : null;
  return instance.disks.filter((d) => !wanted || wanted.has(d.diskId));
}

export const jobProgress = (job: BackupJob, now: number): number => {
  if (job.status === "COMPLETE" || job.status === "PARTIAL_COMPLETE") return 10000;
  if (job.status !== "RUNNING") return 0;
  return Math.max(0, Math.min(9999, Math.floor(((now - job.startAt) / Math.max(1, job.endAt - job.startAt)) * 10000)));
};

const consistencyTags = (c: Consistency): Record<string, string> =>
  c.level === "APPLICATION" ? { APPConsistent: "True" } : c.level === "FILE_SYSTEM" ? { FsConsistent: "True" } : {};

function snapshotInto(
  region: RegionState, instance: Instance, job: BackupJob, consistency: Consistency, at: number, retentionDays: number, extraTags: Record<string, string>,
): { nativeIds: string[]; diskIds: string[]; groupId: string } {
  const disks = selectedDisks(instance, job.options);
  const nativeIds: string[] = [];
  for (const d of disks) {
    const snapshot: EcsSnapshot = {
      snapshotId: newId("s-", 20),
      snapshotName: `hbr-${job.jobId}-${d.diskId}`,
      description: `Created by HBR for job ${job.jobId}`,
      status: "accomplished",
      sourceDiskId: d.diskId,
      sourceDiskType: d.type,
      sourceDiskSize: d.sizeGiB,
      sourceDiskCategory: d.category,
      instanceId: instance.instanceId,
      creationTime: at,
      retentionDays,
      tags: { "HBR JobId": job.jobId, ...consistencyTags(consistency), ...extraTags },
      // The guest files on this disk (guest-files.ts), so a restore from this backup puts them back.
      files: captureDiskFiles(instance, d.diskId),
    };
    region.snapshots.set(snapshot.snapshotId, snapshot);
    nativeIds.push(snapshot.snapshotId);
  }
  let groupId = "";
  if (job.options.snapshotGroup && disks.every((d) => ["cloud_essd", "cloud_auto", "cloud_essd_entry"].includes(d.category))) {
    groupId = newId("ssg-", 20);
    region.snapshotGroups.set(groupId, {
      snapshotGroupId: groupId, name: `hbr-${job.jobId}`, description: `Created by HBR for job ${job.jobId}`, instanceId: instance.instanceId,
      status: "accomplished", creationTime: at, snapshotIds: nativeIds, tags: { "HBR JobId": job.jobId, ...consistencyTags(consistency) },
    });
    for (const id of nativeIds) region.snapshots.get(id)!.snapshotGroupId = groupId;
  }
  return { nativeIds, diskIds: disks.map((d) => d.diskId), groupId };
}

function completeJob(emulator: Emulator, account: AccountState, region: RegionState, job: BackupJob) {
  const instance = region.instances.get(job.instanceId);
  const at = job.endAt;
  job.updatedTime = at;
  job.completeTime = at;
  if (!instance) {
    job.status = "FAILED";
    job.errorMessage = "ECS.InstanceNotFound";
    return;
  }
  const failure = emulator.backupFailures.take(region.region.regionId, job.instanceId);
  if (failure !== null) {
    // As HBR reports a failed backup: Status FAILED with its ErrorMessage and CompleteTime, no snapshot made.
    job.status = "FAILED";
    job.errorMessage = failure;
    const task = region.tasks.get(job.taskId);
    if (task) Object.assign(task, { progress: 100, description: "failed", updatedTime: at, completedTime: at });
    return;
  }
  const consistency = decideConsistency(account, region.region, instance, job.options);
  const made = snapshotInto(region, instance, job, consistency, at, job.retention, {});
  const hbr = hbrSnapshot(region, instance, job, consistency, made, at, job.retention, region.region.regionId);
  job.status = "COMPLETE";
  job.consistency = consistency;
  job.snapshotId = hbr.snapshotId;
  job.nativeSnapshotIds = made.nativeIds;
  job.snapshotGroupId = made.groupId;
  if (job.options.doCopy && job.options.destinationRegionId) {
    const dest = account.region(job.options.destinationRegionId);
    if (!dest) job.errorMessage = `replication region ${job.options.destinationRegionId} is not available`;
    else {
      const retention = job.options.destinationRetention > 0 ? job.options.destinationRetention : job.retention;
      const copy = snapshotInto(dest, instance, job, consistency, at, retention, { "HBR SourceRegionId": region.region.regionId });
      const replica = hbrSnapshot(dest, instance, job, consistency, copy, at, retention, region.region.regionId);
      job.replica = { regionId: dest.region.regionId, retention, snapshotId: replica.snapshotId, nativeSnapshotIds: copy.nativeIds };
      emulator.regionTouched(account, dest.region.regionId);
    }
  }
  const task = region.tasks.get(job.taskId);
  if (task) Object.assign(task, { progress: 100, description: "completed", updatedTime: at, completedTime: at });
}

function hbrSnapshot(
  region: RegionState, instance: Instance, job: BackupJob, consistency: Consistency, made: { nativeIds: string[]; diskIds: string[]; groupId: string },
  at: number, retentionDays: number, sourceRegionId: string,
): HbrSnapshot {
  const snapshot: HbrSnapshot = {
    snapshotId: newHbrId("s"),
    nativeSnapshotId: made.groupId || made.nativeIds[0] || "",
    nativeSnapshotIds: made.nativeIds,
    diskIds: made.diskIds,
    instanceId: instance.instanceId,
    jobId: job.jobId,
    sourceType: "UDM_ECS",
    status: "COMPLETE",
    backupType: job.backupType,
    retention: retentionDays,
    keepLatest: job.keepLatestSnapshots === 1,
    createdTime: job.createdTime,
    completeTime: at,
    expireTime: at + retentionDays * DAY_MS,
    bytesTotal: job.bytesTotal,
    actualBytes: Math.round(job.bytesTotal * 0.8),
    consistency,
    snapshotGroupId: made.groupId,
    sourceRegionId,
    instanceName: instance.instanceName,
    osType: instance.osType,
    osName: instance.osName,
  };
  region.hbrSnapshots.set(snapshot.snapshotId, snapshot);
  // A new backup may free an older kept one (KeepLatestSnapshots) and may expire early: look at retention again.
  region.retentionDueAt = 0;
  return snapshot;
}

/** Rules of a policy that matter to the engine. */
export function policyPlan(policy: Policy) {
  const backupRules = policy.rules.filter((r) => r.RuleType === "BACKUP");
  const transition = policy.rules.find((r) => r.RuleType === "TRANSITION");
  const replication = policy.rules.find((r) => r.RuleType === "REPLICATION");
  return { backupRules, transition, replication };
}

export function policyJobRequest(policy: Policy, ruleId: string, instance: Instance, udmDetail: Record<string, unknown>, trigger: BackupJob["triggerMode"]): JobRequest {
  const { backupRules, transition, replication } = policyPlan(policy);
  const rule = backupRules.find((r) => r.RuleId === ruleId) ?? backupRules[0]!;
  const options = normaliseOptions(udmDetail);
  if (replication?.ReplicationRegionId) {
    options.doCopy = true;
    options.destinationRegionId = String(replication.ReplicationRegionId);
    options.destinationRetention = Number(replication.Retention ?? -1);
  }
  return {
    instance, options, triggerMode: trigger, backupType: String(rule.BackupType ?? "COMPLETE"), jobName: `${policy.policyName}-${instance.instanceId}`,
    retention: Number(transition?.Retention ?? rule.Retention ?? 7), keepLatestSnapshots: Number(rule.KeepLatestSnapshots ?? 0),
    policyId: policy.policyId, ruleId: rule.RuleId,
  };
}

const isActive = (job: BackupJob) => job.status === "CREATED" || job.status === "RUNNING" || job.status === "CANCELING";

/** Advances one region to `now`; true when something changed (so the region is persisted). */
export function tickRegion(emulator: Emulator, account: AccountState, regionId: string, now: number): boolean {
  const region = account.region(regionId);
  if (!region) return false;
  let changed = false;
  const active = new Set<string>();
  const open = region.openJobs();
  for (const job of open) {
    if (region.jobs.get(job.jobId) !== job) {
      open.delete(job); // deleted with its backup plan
      continue;
    }
    if (job.status === "CANCELING") {
      job.status = "CANCELED";
      job.updatedTime = now;
      job.completeTime = now;
      const task = region.tasks.get(job.taskId);
      if (task) Object.assign(task, { description: "cancelled", updatedTime: now, completedTime: now, progress: -1 });
      changed = true;
    }
    if (job.status === "CREATED" && now >= job.startAt) {
      job.status = "RUNNING";
      job.startTime = job.startAt;
      job.updatedTime = job.startAt;
      changed = true;
    }
    if (job.status === "RUNNING" && now >= job.endAt) {
      completeJob(emulator, account, region, job);
      changed = true;
    }
    if (isActive(job)) active.add(job.planId || `${job.policyId}:${job.instanceId}`);
    else open.delete(job);
  }

  // Schedules: each bound, enabled instance runs each BACKUP rule; a run is skipped while the previous one is
  // active. The pass over every binding and plan runs only once the earliest next run is due.
  if (now >= region.scheduleDueAt) {
    let dueAt = Infinity;
    for (const binding of region.bindings.values()) {
      const policy = region.policies.get(binding.policyId);
      if (!policy || binding.disabled) continue;
      for (const rule of policyPlan(policy).backupRules) {
        const due = binding.nextRunAt[rule.RuleId];
        if (due === undefined) continue;
        if (now < due) {
          dueAt = Math.min(dueAt, due);
          continue;
        }
        const schedule = parseSchedule(String(rule.Schedule));
        const instance = region.instances.get(binding.dataSourceId);
        if (instance && !active.has(`${policy.policyId}:${instance.instanceId}`)) {
          createJob(emulator, region, policyJobRequest(policy, rule.RuleId, instance, binding.udmDetail, "SCHEDULE"), due);
          active.add(`${policy.policyId}:${instance.instanceId}`);
        }
        const next = nextRun(schedule, now, true);
        if (next === null) delete binding.nextRunAt[rule.RuleId];
        else {
          binding.nextRunAt[rule.RuleId] = next;
          dueAt = Math.min(dueAt, next);
        }
        changed = true;
      }
    }
    for (const plan of region.plans.values()) {
      if (plan.disabled || plan.nextRunAt === null) continue;
      if (now < plan.nextRunAt) {
        dueAt = Math.min(dueAt, plan.nextRunAt);
        continue;
      }
      const instance = region.instances.get(plan.instanceId);
      if (instance && !active.has(plan.planId)) {
        const job = createJob(emulator, region, planJobRequest(plan, instance, "SCHEDULE"), plan.nextRunAt);
        plan.latestExecuteJobId = job.jobId;
      }
      plan.nextRunAt = nextRun(parseSchedule(plan.schedule), now, true);
      if (plan.nextRunAt !== null) dueAt = Math.min(dueAt, plan.nextRunAt);
      changed = true;
    }
    region.scheduleDueAt = dueAt;
    if (changed) {
      region.changed.add("bindings");
      region.changed.add("plans");
    }
  }
  if (changed) tickJobsOnly(emulator, account, region, now);

  // Retention: expired backups go with their ECS snapshots, except the latest one when KeepLatestSnapshots=1.
  // The pass runs once the earliest expiry that would delete something is due.
  if (now >= region.retentionDueAt) {
    const latest = new Map<string, HbrSnapshot>();
    for (const s of region.hbrSnapshots.values()) {
      const prev = latest.get(s.instanceId);
      if (!prev || s.completeTime > prev.completeTime) latest.set(s.instanceId, s);
    }
    let dueAt = Infinity;
    for (const s of [...region.hbrSnapshots.values()]) {
      if (s.keepLatest && latest.get(s.instanceId) === s) continue;
      if (s.expireTime > now) {
        dueAt = Math.min(dueAt, s.expireTime);
        continue;
      }
      region.hbrSnapshots.delete(s.snapshotId);
      for (const id of s.nativeSnapshotIds) region.snapshots.delete(id);
      if (s.snapshotGroupId) region.snapshotGroups.delete(s.snapshotGroupId);
      changed = true;
    }
    region.retentionDueAt = dueAt;
  }
  return changed;
}

/** Jobs created by a schedule in the past (after a clock jump) may already be due: move them along too. */
function tickJobsOnly(emulator: Emulator, account: AccountState, region: RegionState, now: number) {
  for (const job of region.openJobs()) {
    if (job.status === "CREATED" && now >= job.startAt) {
      job.status = "RUNNING";
      job.startTime = job.startAt;
    }
    if (job.status === "RUNNING" && now >= job.endAt) completeJob(emulator, account, region, job);
  }
}

export function planJobRequest(plan: BackupPlan, instance: Instance, trigger: BackupJob["triggerMode"], ruleId?: string): JobRequest {
  const rule = ruleId ? plan.rules.find((r) => r.RuleId === ruleId) : undefined;
  const options = normaliseOptions(plan.detail);
  if (rule?.DoCopy) {
    options.doCopy = true;
    options.destinationRegionId = rule.DestinationRegionId;
    options.destinationRetention = rule.DestinationRetention;
  }
  return {
    instance, options, triggerMode: trigger, backupType: rule?.BackupType ?? plan.backupType, jobName: `${plan.planName}-${new Date().toISOString()}`,
    retention: rule?.Retention ?? plan.retention, keepLatestSnapshots: plan.keepLatestSnapshots, planId: plan.planId, ruleId: rule?.RuleId,
  };
}
