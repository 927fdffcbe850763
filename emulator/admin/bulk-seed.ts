import { z } from "zod";
import type { Emulator } from "../emulator.ts";
import { derivedHbrId, derivedId } from "../protocol/ids.ts";
import { generated } from "../scenario/load-scenario.ts";
import { decideConsistency } from "../services/hbr/consistency.ts";
import { policyJobRequest, type JobRequest } from "../services/hbr/engine.ts";
import { nextRun, parseSchedule } from "../services/hbr/schedule.ts";
import type { BackupJob, Consistency, EcsSnapshot, HbrSnapshot, Instance, Policy, PolicyBinding, PolicyRule } from "../state/models.ts";
import type { AccountState, RegionState } from "../state/store.ts";

// `POST /__emulator/seed/bulk`: a large, reproducible history in one policy region, as if HBR had run the given
// policies for weeks: new generated instances, one policy per entry with a binding per instance, and the finished
// scheduled jobs of its past runs with their HBR backups, ECS snapshots (and snapshot groups, and replicas). The
// consistency each backup reached is decided by the same rules as a live job (decideConsistency). Ids derive from
// the region and the policy descriptions, so the same request gives the same ids on every emulator.

const QUEUE_MS = 5_000;
const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;
const GROUP_CATEGORIES = new Set(["cloud_essd", "cloud_auto", "cloud_essd_entry"]);
export const BULK_FAILURE = "ECS.SnapshotCreationTimeout: the snapshot of the instance was not created within the backup window.";

export const bulkSeedSchema = z.object({
  regionId: z.string().min(1),
  /** Instances are named `<namePrefix>00001`…; their ids are `i-<region>blk00001`…. */
  namePrefix: z.string().min(1).max(32).default("large-"),
  /** Besides each policy's failedRuns, every Nth job of the seed fails (0: none). */
  failureEvery: z.number().int().min(0).default(0),
  /**
   * A seed too large for one request (more than 20,000 policies) goes in parts: each part numbers its instances
   * from here, and counts jobs for failureEvery from here, where the part before stopped.
   */
  firstInstance: z.number().int().min(0).default(0),
  firstJob: z.number().int().min(0).default(0),
  policies: z
    .array(
      z.object({
        policyName: z.string().min(1).max(64),
        /** Unique per policy (the console puts its plan marker here); the ids derive from it. */
        description: z.string().min(1).max(256),
        /** The BACKUP rule's `I|<unix start>|<ISO 8601 duration>`. */
        schedule: z.string().regex(/^I\|\d+\|P/),
        retentionDays: z.number().int().min(1).max(364_635),
        replication: z.object({ regionId: z.string().min(1), retentionDays: z.number().int().min(1).max(364_635) }).optional(),
        /** UdmDetail keys beyond SnapshotGroup/DiskIdList (PascalCase, as CreatePolicyBindings takes them). */
        advancedOptions: z.record(z.string(), z.unknown()).default({}),
        instances: z.number().int().min(1).max(99),
        /** Past runs' jobs over all instances, newest run first; the oldest run may cover only the first instances. */
        jobs: z.number().int().min(0),
        /** The newest N runs failed on every instance. */
        failedRuns: z.number().int().min(0).default(0),
        /** Binding Disabled (the schedule suspended). */
        disabled: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(20_000),
});
export type BulkSeed = z.infer<typeof bulkSeedSchema>;

export interface BulkSeedJob {
  jobId: string;
  instanceId: string;
  status: "COMPLETE" | "FAILED";
  createdTime: number;
  completeTime: number;
  bytesTotal: number;
  consistentLevel: Consistency["level"] | null;
  downgradeReason: string;
  snapshotId: string;
  nativeSnapshotIds: string[];
  expireTime: number | null;
  snapshotBytes: number | null;
  replicaRegionId: string | null;
  errorMessage: string;
}

export interface BulkSeedPolicy {
  policyId: string;
  ruleId: string;
  instances: { instanceId: string; instanceName: string; osType: string; osName: string; diskIds: string[]; snapshotGroupSupported: boolean }[];
  jobs: BulkSeedJob[];
}

export class BulkSeedError extends Error {}

export function bulkSeed(emulator: Emulator, account: AccountState, seed: BulkSeed): { regionId: string; policies: BulkSeedPolicy[] } {
  const now = emulator.clock.now();
  const region = account.region(seed.regionId);
  if (!region) throw new BulkSeedError(`unknown region ${seed.regionId}`);
  if (!region.region.policySupported) throw new BulkSeedError(`${seed.regionId} has no backup policies; choose a policy region`);
  const schedules = seed.policies.map((p, n) => {
    const s = parseSchedule(p.schedule);
    const runs = Math.ceil(p.jobs / p.instances);
    if (runs > 0 && s.startMs + (runs - 1) * s.intervalMs! > now) throw new BulkSeedError(`policies.${n}: its ${runs} runs from the Start Time reach past now`);
    if (p.replication && (!account.region(p.replication.regionId) || p.replication.regionId === seed.regionId))
      throw new BulkSeedError(`policies.${n}: replication region ${p.replication.regionId} is not another known region`);
    return { ...s, intervalMs: s.intervalMs!, runs };
  });
  const descriptions = new Set(seed.policies.map((p) => p.description));
  if (descriptions.size !== seed.policies.length) throw new BulkSeedError("policy descriptions must be unique");

  let instanceIndex = seed.firstInstance;
  let jobIndex = seed.firstJob;
  const out: BulkSeedPolicy[] = [];
  const jobs: BackupJob[] = [];
  seed.policies.forEach((spec, n) => {
    const { startMs, intervalMs, runs } = schedules[n]!;
    const key = `${seed.regionId}/${spec.description}`;
    const policyId = derivedHbrId("po", key);
    if (region.policies.has(policyId)) throw new BulkSeedError(`policy ${spec.description} is already seeded (reset the emulator first)`);
    const ruleId = derivedHbrId("rule", key);
    const rules: PolicyRule[] = [{ RuleId: ruleId, RuleType: "BACKUP", BackupType: "COMPLETE", Schedule: spec.schedule, Retention: spec.retentionDays, KeepLatestSnapshots: 1 }];
    if (spec.replication)
      rules.push({ RuleId: derivedHbrId("rule", `${key}/replication`), RuleType: "REPLICATION", ReplicationRegionId: spec.replication.regionId, Retention: spec.replication.retentionDays });
    const createdTime = startMs - 3_600_000;
    const policy: Policy = { policyId, policyName: spec.policyName, policyDescription: spec.description, policyType: "UDM_ECS_ONLY", rules, createdTime, updatedTime: createdTime };
    region.policies.set(policyId, policy);

    const placed: BulkSeedPolicy = { policyId, ruleId, instances: [], jobs: [] };
    const appConsistent = spec.advancedOptions.AppConsistent === true;
    const bindings = Array.from({ length: spec.instances }, (_, i) => {
      const instance = bulkInstance(region, seed.namePrefix, instanceIndex++, startMs, appConsistent ? spec.advancedOptions : null);
      const snapshotGroup = instance.disks.every((d) => d.category === "cloud_essd");
      // Instances past the oldest run's share were bound after it: their first run is the next one.
      const firstRun = runs > 0 && i < spec.jobs - (runs - 1) * spec.instances ? 0 : 1;
      const boundAt = startMs + firstRun * intervalMs - 3_600_000;
      const binding: PolicyBinding = {
        policyBindingId: derivedHbrId("pd", `${key}/${instance.instanceId}`), policyId, sourceType: "UDM_ECS", dataSourceId: instance.instanceId,
        disabled: spec.disabled, description: spec.description, udmDetail: { ...spec.advancedOptions, SnapshotGroup: snapshotGroup, DiskIdList: [] },
        createdTime: boundAt, updatedTime: boundAt, nextRunAt: {},
      };
      const next = nextRun({ kind: "I", startMs, intervalMs }, now, true);
      if (next !== null && !spec.disabled) binding.nextRunAt[ruleId] = next;
      region.bindings.set(instance.instanceId, binding);
      placed.instances.push({
        instanceId: instance.instanceId, instanceName: instance.instanceName, osType: instance.osType, osName: instance.osName,
        diskIds: instance.disks.map((d) => d.diskId), snapshotGroupSupported: snapshotGroup,
      });
      const req = policyJobRequest(policy, ruleId, instance, binding.udmDetail, "SCHEDULE");
      return { instance, binding, firstRun, req, consistency: decideConsistency(account, region.region, instance, req.options) };
    });

    for (let run = runs - 1; run >= 0; run--) {
      const at = startMs + run * intervalMs;
      const failedRun = runs - 1 - run < spec.failedRuns;
      for (const b of bindings) {
        if (run < b.firstRun) continue;
        const failed = failedRun || (seed.failureEvery > 0 && ++jobIndex % seed.failureEvery === 0);
        placed.jobs.push(seedJob(emulator, account, region, jobs, policy, ruleId, b, at, failed));
      }
    }
    out.push(placed);
  });
  // Jobs are kept in creation order, as live ones are: DescribeBackupJobs2 pages (and sorts) by it. A part of a
  // large seed interleaves with the parts before it: the region's jobs are then put back in order.
  jobs.sort((a, b) => a.createdTime - b.createdTime);
  const newest = [...region.jobs.values()].at(-1);
  const interleaves = newest !== undefined && jobs.length > 0 && jobs[0]!.createdTime < newest.createdTime;
  for (const job of jobs) region.jobs.set(job.jobId, job);
  if (interleaves) {
    const all = [...region.jobs.values()].sort((a, b) => a.createdTime - b.createdTime);
    region.jobs.clear();
    for (const job of all) region.jobs.set(job.jobId, job);
  }
  region.invalidateInstances();
  account.indexInstances();
  emulator.regionTouched(account, seed.regionId);
  return { regionId: seed.regionId, policies: out };
}

function bulkInstance(region: RegionState, prefix: string, i: number, boundBefore: number, appOptions: Record<string, unknown> | null): Instance {
  const instance = generated(region.region.regionId, prefix, i, boundBefore - DAY_MS, "blk");
  if (region.instances.has(instance.instanceId)) throw new BulkSeedError(`instance ${instance.instanceId} exists already (reset the emulator first)`);
  instance.creationTime = boundBefore - DAY_MS - i * 1000;
  if (appOptions) {
    // An owner who asked for application consistency set most of it up: the RAM role always, the scripts on
    // two instances out of three (the third reaches file-system consistency only, as HBR decides).
    instance.ramRoleName = typeof appOptions.RamRoleName === "string" ? appOptions.RamRoleName : null;
    if (instance.osType === "linux" && i % 3 !== 1)
      for (const key of ["PreScriptPath", "PostScriptPath"])
        instance.files.push({ path: String(appOptions[key] ?? ""), mode: "0700", owner: "root", group: "root", content: "#!/bin/bash\nsync\n" });
  }
  region.instances.set(instance.instanceId, instance);
  return instance;
}

type Bound = { instance: Instance; binding: PolicyBinding; req: JobRequest; consistency: Consistency };

function seedJob(
  emulator: Emulator, account: AccountState, region: RegionState, jobs: BackupJob[], policy: Policy, ruleId: string, b: Bound, at: number, failed: boolean,
): BulkSeedJob {
  const req = b.req;
  const gib = b.instance.disks.reduce((sum, d) => sum + d.sizeGiB, 0);
  const jobId = derivedHbrId("job", `${b.binding.policyBindingId}/${at}`);
  const startAt = at + QUEUE_MS;
  const endAt = startAt + (30 + gib * 0.5) * 1000;
  const job: BackupJob = {
    jobId, jobName: req.jobName, sourceType: "UDM_ECS", instanceId: b.instance.instanceId, planId: "", policyId: policy.policyId, ruleId,
    status: failed ? "FAILED" : "COMPLETE", triggerMode: "SCHEDULE", backupType: req.backupType, retention: req.retention,
    keepLatestSnapshots: req.keepLatestSnapshots, options: req.options, createdTime: at, startAt, endAt, startTime: startAt, completeTime: endAt,
    updatedTime: endAt, bytesTotal: Math.round(gib * GIB * 0.3), errorMessage: failed ? BULK_FAILURE : "", consistency: failed ? null : b.consistency,
    snapshotId: "", nativeSnapshotIds: [], snapshotGroupId: "", replica: null, taskId: "",
  };
  jobs.push(job);
  const result: BulkSeedJob = {
    jobId, instanceId: job.instanceId, status: job.status as "COMPLETE" | "FAILED", createdTime: at, completeTime: endAt, bytesTotal: job.bytesTotal,
    consistentLevel: job.consistency?.level ?? null, downgradeReason: job.consistency?.downgradeReason ?? "", snapshotId: "", nativeSnapshotIds: [],
    expireTime: null, snapshotBytes: null, replicaRegionId: null, errorMessage: job.errorMessage,
  };
  if (failed) return result;

  const made = backupInto(region, b.instance, job, b.consistency, job.retention, region.region.regionId, "");
  Object.assign(job, { snapshotId: made.hbr.snapshotId, nativeSnapshotIds: made.nativeIds, snapshotGroupId: made.groupId });
  Object.assign(result, { snapshotId: made.hbr.snapshotId, nativeSnapshotIds: made.nativeIds, expireTime: made.hbr.expireTime, snapshotBytes: made.hbr.actualBytes });
  if (req.options.doCopy) {
    const dest = account.region(req.options.destinationRegionId)!;
    const retention = req.options.destinationRetention > 0 ? req.options.destinationRetention : job.retention;
    const copy = backupInto(dest, b.instance, job, b.consistency, retention, region.region.regionId, "/replica");
    job.replica = { regionId: dest.region.regionId, retention, snapshotId: copy.hbr.snapshotId, nativeSnapshotIds: copy.nativeIds };
    result.replicaRegionId = dest.region.regionId;
    emulator.regionTouched(account, dest.region.regionId);
  }
  return result;
}

/** The ECS snapshots (grouped when every disk allows it) and the HBR backup a finished job leaves, as the engine makes them. */
function backupInto(region: RegionState, instance: Instance, job: BackupJob, consistency: Consistency, retentionDays: number, sourceRegionId: string, copy: string) {
  const at = job.completeTime!;
  const tags: Record<string, string> = { "HBR JobId": job.jobId };
  if (consistency.level === "APPLICATION") tags.APPConsistent = "True";
  if (consistency.level === "FILE_SYSTEM") tags.FsConsistent = "True";
  if (copy) tags["HBR SourceRegionId"] = sourceRegionId;
  const nativeIds = instance.disks.map((d) => {
    const snapshot: EcsSnapshot = {
      snapshotId: derivedId("s-", `${job.jobId}${copy}/${d.diskId}`), snapshotName: `hbr-${job.jobId}-${d.diskId}`, description: `Created by HBR for job ${job.jobId}`,
      status: "accomplished", sourceDiskId: d.diskId, sourceDiskType: d.type, sourceDiskSize: d.sizeGiB, sourceDiskCategory: d.category,
      instanceId: instance.instanceId, creationTime: at, retentionDays, tags: { ...tags },
    };
    region.snapshots.set(snapshot.snapshotId, snapshot);
    return snapshot.snapshotId;
  });
  let groupId = "";
  if (job.options.snapshotGroup && instance.disks.every((d) => GROUP_CATEGORIES.has(d.category))) {
    groupId = derivedId("ssg-", `${job.jobId}${copy}`);
    region.snapshotGroups.set(groupId, {
      snapshotGroupId: groupId, name: `hbr-${job.jobId}`, description: `Created by HBR for job ${job.jobId}`, instanceId: instance.instanceId,
      status: "accomplished", creationTime: at, snapshotIds: nativeIds, tags: { ...tags },
    });
    for (const id of nativeIds) region.snapshots.get(id)!.snapshotGroupId = groupId;
  }
  const hbr: HbrSnapshot = {
    snapshotId: derivedHbrId("s", `${job.jobId}${copy}`), nativeSnapshotId: groupId || nativeIds[0] || "", nativeSnapshotIds: nativeIds,
    diskIds: instance.disks.map((d) => d.diskId), instanceId: instance.instanceId, jobId: job.jobId, sourceType: "UDM_ECS", status: "COMPLETE",
    backupType: job.backupType, retention: retentionDays, keepLatest: job.keepLatestSnapshots === 1, createdTime: job.createdTime, completeTime: at,
    expireTime: at + retentionDays * DAY_MS, bytesTotal: job.bytesTotal, actualBytes: Math.round(job.bytesTotal * 0.8), consistency, snapshotGroupId: groupId,
    sourceRegionId, instanceName: instance.instanceName, osType: instance.osType, osName: instance.osName,
  };
  region.hbrSnapshots.set(hbr.snapshotId, hbr);
  return { hbr, nativeIds, groupId };
}
