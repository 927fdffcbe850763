import "server-only";
import {
  APP_SNAPSHOT_ROLE,
  POST_SCRIPT_PATH,
  PRE_SCRIPT_PATH,
  retentionDays,
  type CreatePlan,
} from "@/lib/schemas/plan";
import type { HbrEcsDetail, HbrPolicyRule, HbrUdmDetail } from "@/lib/server/cloud/hbr/hbr-models";
import { instanceMarker, planMarker } from "@/lib/server/cloud/hbr/markers";
import { policyRulesOf } from "@/lib/server/policies/policy-rules";

// How a plan maps to HBR: the ordered cloud calls that create it. Pure, so the mapping is testable without a
// cloud. Every call carries a marker that contains the plan id (in a name or description HBR keeps), because
// HBR has no ClientToken: a retry looks the marker up before creating anything.

export type StepAction = "CreatePolicyV2" | "CreatePolicyBindings" | "CreateBackupPlan" | "CreateBackupJob";

export interface StepSpec {
  seq: number;
  action: StepAction;
  /** "policy", "bindings", or "<kind>:<instanceId>" */
  target: string;
  marker: string;
}

/** Facts about one instance the mapping needs, read live when the plan was created. */
export interface InstanceFacts {
  instanceId: string;
  snapshotGroupSupported: boolean;
}

export function planSteps(planId: string, plan: CreatePlan): StepSpec[] {
  const instances = plan.backupObjects.instances;
  if (plan.backupMode.mode === "manual") {
    return instances.map((i, n) => ({ seq: n + 1, action: "CreateBackupJob", target: `job:${i.instanceId}`, marker: instanceMarker(planId, i.instanceId) }));
  }
  const schedule = plan.backupMode.schedule;
  if (schedule.kind === "plan") {
    return instances.map((i, n) => ({ seq: n + 1, action: "CreateBackupPlan", target: `plan:${i.instanceId}`, marker: instanceMarker(planId, i.instanceId) }));
  }
  const bind: StepSpec = { seq: 2, action: "CreatePolicyBindings", target: "bindings", marker: planMarker(planId) };
  if (schedule.kind === "existingPolicy") return [{ ...bind, seq: 1 }];
  return [{ seq: 1, action: "CreatePolicyV2", target: "policy", marker: planMarker(planId) }, bind];
}

/** BACKUP rule (+ REPLICATION rule) of a policy created for the plan. */
export function policyRules(plan: CreatePlan): HbrPolicyRule[] {
  if (plan.backupMode.mode !== "auto" || plan.backupMode.schedule.kind !== "newPolicy") throw new Error("not a new-policy plan");
  return policyRulesOf({ ...plan.backupMode.schedule, replication: plan.replication });
}

function diskIdsOf(plan: CreatePlan, instanceId: string): string[] {
  const i = plan.backupObjects.instances.find((x) => x.instanceId === instanceId);
  return i && !i.protectAllDisks ? i.diskIds : [];
}

/** AdvancedOptions.UdmDetail of a policy binding (PascalCase on the wire, written by HbrClient). */
export function udmDetail(plan: CreatePlan, instance: InstanceFacts): HbrUdmDetail {
  const a = plan.appConsistency;
  const detail: HbrUdmDetail = { snapshotGroup: instance.snapshotGroupSupported, diskIdList: diskIdsOf(plan, instance.instanceId) };
  if (a.enabled) {
    Object.assign(detail, {
      appConsistent: true,
      enableWriters: true,
      enableFsFreeze: a.enableFsFreeze,
      timeoutInSeconds: a.freezeTimeoutSeconds,
      preScriptPath: PRE_SCRIPT_PATH,
      postScriptPath: POST_SCRIPT_PATH,
      ramRoleName: APP_SNAPSHOT_ROLE,
    });
  }
  return detail;
}

/**
 * `Detail` of a UDM_ECS backup plan or job: lowerCamel keys, except that Create/UpdateBackupPlan's own example
 * writes `EnableFsFreeze` (docs/alibaba-cloud-api-hbr.md §4.2); CreateBackupJob writes `enableFsFreeze`.
 */
export function ecsDetail(plan: CreatePlan, instance: InstanceFacts, action: "CreateBackupPlan" | "CreateBackupJob"): HbrEcsDetail {
  const a = plan.appConsistency;
  const r = plan.replication;
  const detail: HbrEcsDetail = {
    snapshotGroup: instance.snapshotGroupSupported,
    diskIdList: diskIdsOf(plan, instance.instanceId),
    doCopy: r.enabled,
  };
  if (r.enabled && r.destinationRegionId && r.retention) {
    detail.destinationRegionId = r.destinationRegionId;
    detail.destinationRetention = retentionDays(r.retention);
  }
  if (a.enabled) {
    detail.appConsistent = true;
    detail.enableWriters = true;
    detail[action === "CreateBackupPlan" ? "EnableFsFreeze" : "enableFsFreeze"] = a.enableFsFreeze;
    detail.timeoutInSeconds = a.freezeTimeoutSeconds;
    detail.preScriptPath = PRE_SCRIPT_PATH;
    detail.postScriptPath = POST_SCRIPT_PATH;
    detail.ramRoleName = APP_SNAPSHOT_ROLE;
  }
  return detail;
}

/** Retention of the plan's own backups, in days (null when an existing policy decides it). */
export function planRetentionDays(plan: CreatePlan): number | null {
  if (plan.backupMode.mode === "manual") return retentionDays(plan.backupMode.retention);
  const s = plan.backupMode.schedule;
  return s.kind === "existingPolicy" ? null : retentionDays(s.retention);
}
