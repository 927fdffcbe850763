import { newHbrId, unixSeconds } from "../../protocol/ids.ts";
import type { Policy, PolicyBinding, PolicyRule } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { paginateByToken } from "../paging.ts";
import type { Action, ActionContext } from "../types.ts";
import { createJob, policyJobRequest, policyPlan } from "./engine.ts";
import { archiveDaysTooShort, archiveRetentionDaysTooShort, badRequest, invalidRules, policyHasNoBindings, policyNotFound, policyNotSupportedInRegion } from "./errors.ts";
import { nextRun, parseSchedule } from "./schedule.ts";
import { changed, instanceOrThrow, ok, resolveRegion } from "./shared.ts";

export function requirePolicyRegion(region: RegionState) {
  if (!region.region.policySupported)
    throw policyNotSupportedInRegion(region.region.regionId);
}

export function policyOrThrow(region: RegionState, id: string): Policy {
  const policy = region.policies.get(id);
  if (!policy) throw policyNotFound(id);
  return policy;
}


function parseRules(ctx: ActionContext, region: RegionState, existing: PolicyRule[] = []): PolicyRule[] {
  const raw = ctx.params.json("Rules", invalidRules);
  if (!Array.isArray(raw) || raw.length === 0) throw invalidRules("it must be a non-empty JSON array.");
  const rules = raw.map((r, i): PolicyRule => {
    if (!r || typeof r !== "object") throw invalidRules(`rule ${i + 1} is not an object.`);
    const rule = r as Record<string, unknown>;
    const type = rule.RuleType;
    if (!["BACKUP", "TRANSITION", "REPLICATION", "TAG"].includes(String(type))) throw invalidRules(`rule ${i + 1} has an unknown RuleType "${String(type)}".`);
    if (rule.Retention !== undefined) {
      const days = Number(rule.Retention);
      if (!Number.isInteger(days) || days < 1 || days > 364635) throw invalidRules(`rule ${i + 1} Retention must be 1-364635 days.`);
    }
    if (type === "BACKUP") {
      if (typeof rule.Schedule !== "string") throw invalidRules(`BACKUP rule ${i + 1} needs a Schedule.`);
      parseSchedule(rule.Schedule);
    }
    if (type === "TRANSITION" && rule.ArchiveDays !== undefined) {
      if (Number(rule.ArchiveDays) < 30) throw archiveDaysTooShort();
      if (Number(rule.Retention) - Number(rule.ArchiveDays) < 60) throw archiveRetentionDaysTooShort();
    }
    if (type === "REPLICATION") {
      const dest = String(rule.ReplicationRegionId ?? "");
      if (!dest) throw invalidRules(`REPLICATION rule ${i + 1} needs a ReplicationRegionId.`);
      if (!ctx.account.region(dest)) throw invalidRules(`ReplicationRegionId ${dest} is not a known region.`);
      if (dest === region.region.regionId) throw invalidRules("ReplicationRegionId must differ from the source region.");
    }
    const known = typeof rule.RuleId === "string" && existing.some((e) => e.RuleId === rule.RuleId);
    return { ...rule, RuleType: String(type), RuleId: known ? String(rule.RuleId) : newHbrId("rule") };
  });
  if (!rules.some((r) => r.RuleType === "BACKUP")) throw invalidRules("at least one BACKUP rule is required.");
  if (rules.filter((r) => r.RuleType === "TRANSITION").length > 1) throw invalidRules("at most one TRANSITION rule is allowed.");
  return rules;
}

const renderPolicy = (region: RegionState, p: Policy) => ({
  PolicyId: p.policyId,
  PolicyName: p.policyName,
  PolicyDescription: p.policyDescription,
  PolicyType: p.policyType,
  PolicyBindingCount: region.bindingCountOf(p.policyId),
  CreatedTime: unixSeconds(p.createdTime),
  UpdatedTime: unixSeconds(p.updatedTime),
  BusinessStatus: "NORMAL",
  Rules: p.rules,
});

/** New schedule positions for every BACKUP rule, from `from` on. */
export function scheduleBinding(policy: Policy, binding: PolicyBinding, from: number) {
  const next: Record<string, number> = {};
  for (const rule of policyPlan(policy).backupRules) {
    const at = nextRun(parseSchedule(String(rule.Schedule)), from);
    if (at !== null) next[rule.RuleId] = at;
  }
  binding.nextRunAt = next;
}

export const createPolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const rules = parseRules(ctx, region);
  const type = ctx.params.get("PolicyType") ?? (rules.some((r) => r.VaultId) ? "STANDARD" : "UDM_ECS_ONLY");
  if (!["STANDARD", "UDM_ECS_ONLY"].includes(type)) throw badRequest(`PolicyType ${type} is not valid.`);
  const name = ctx.params.get("PolicyName") ?? "";
  if (name.length > 64) throw badRequest("PolicyName is longer than 64 characters.");
  const policy: Policy = {
    policyId: newHbrId("po"), policyName: name, policyDescription: ctx.params.get("PolicyDescription") ?? "", policyType: type, rules,
    createdTime: ctx.now, updatedTime: ctx.now,
  };
  region.policies.set(policy.policyId, policy);
  changed(ctx);
  return { ...ok, PolicyId: policy.policyId };
};

export const updatePolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  if (ctx.params.get("Rules") !== undefined) {
    policy.rules = parseRules(ctx, region, policy.rules);
    for (const b of region.bindings.values()) if (b.policyId === policy.policyId) scheduleBinding(policy, b, ctx.now);
  }
  policy.policyName = ctx.params.get("PolicyName") ?? policy.policyName;
  policy.policyDescription = ctx.params.get("PolicyDescription") ?? policy.policyDescription;
  policy.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

export const deletePolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  for (const [id, b] of region.bindings) if (b.policyId === policy.policyId) region.bindings.delete(id);
  region.policies.delete(policy.policyId);
  changed(ctx);
  return { ...ok };
};

export const describePoliciesV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const id = ctx.params.get("PolicyId");
  const list = [...region.policies.values()].filter((p) => !id || p.policyId === id);
  const page = paginateByToken(ctx.params, list);
  return { ...ok, ...page.fields, Policies: page.items.map((p) => renderPolicy(region, p)) };
};

export const executePolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx, (r) => r.policies.has(ctx.params.get("PolicyId") ?? ""));
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  const ruleId = ctx.params.required("RuleId");
  if (!policyPlan(policy).backupRules.some((r) => r.RuleId === ruleId)) throw badRequest(`RuleId ${ruleId} is not a BACKUP rule of ${policy.policyId}.`);
  const dataSourceId = ctx.params.get("DataSourceId");
  const bindings = [...region.bindings.values()].filter((b) => b.policyId === policy.policyId && (!dataSourceId || b.dataSourceId === dataSourceId));
  if (bindings.length === 0) throw policyHasNoBindings();
  let jobId = "";
  for (const b of bindings) {
    const job = createJob(ctx.emulator, region, policyJobRequest(policy, ruleId, instanceOrThrow(region, b.dataSourceId), b.udmDetail, "MANUAL"), ctx.now);
    jobId ||= job.jobId;
  }
  changed(ctx);
  return { ...ok, JobId: jobId };
};

