import { CloudError, hbrBadRequest, missingParameter } from "../../protocol/errors.ts";
import { newHbrId, unixSeconds } from "../../protocol/ids.ts";
import type { BackupJob, BackupPlan, HbrSnapshot, Instance, PlanRule, Policy, PolicyBinding, PolicyRule } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { paginate, paginateByToken } from "../paging.ts";
import type { Action, ActionContext, Service } from "../types.ts";
import { createJob, jobProgress, normaliseOptions, planJobRequest, policyJobRequest, policyPlan } from "./engine.ts";
import { nextRun, parseSchedule } from "./schedule.ts";

export const REGION_HEADER = "x-hbr-emulator-region";
const MAX_BINDINGS_PER_POLICY = 99;
const ok = { Success: true, Code: "200", Message: "successful" };

/**
 * HBR endpoints are regional and many actions carry no RegionId. The region is, in order: a `RegionId`
 * (or `UdmRegionId`) parameter, the `x-hbr-emulator-region` header, a Host `hbr.<region>.aliyuncs.com`,
 * the region of the named instance, or the region holding the named job/plan/policy.
 */
function resolveRegion(ctx: ActionContext, find?: (r: RegionState) => boolean): RegionState {
  const header = ctx.headers[REGION_HEADER];
  const host = /^hbr\.([a-z0-9-]+)\.aliyuncs\.com/.exec(ctx.headers.host ?? "")?.[1];
  const instanceId = ctx.params.get("InstanceId") ?? ctx.params.get("DataSourceId");
  const candidate =
    ctx.params.get("RegionId") || ctx.params.get("UdmRegionId") || (Array.isArray(header) ? header[0] : header) || host ||
    (instanceId ? ctx.account.regionOfInstance(instanceId) : undefined) ||
    (find ? [...ctx.account.regions.values()].find(find)?.region.regionId : undefined);
  if (!candidate)
    throw new CloudError(400, "MissingParameter", `The region of the request is unknown: send RegionId, or the ${REGION_HEADER} header, or call hbr.<region>.aliyuncs.com.`);
  const region = ctx.account.region(candidate);
  if (!region) throw new CloudError(404, "InvalidRegionId.NotFound", `The specified region ${candidate} does not exist.`);
  ctx.regionId = candidate;
  ctx.emulator.tick(ctx.account, candidate);
  return region;
}

const changed = (ctx: ActionContext) => ctx.emulator.regionTouched(ctx.account, ctx.regionId!);

function requirePolicyRegion(region: RegionState) {
  if (!region.region.policySupported)
    throw new CloudError(400, "Policy.NotSupportedInRegion", `Backup policies are not available in ${region.region.regionId}; use backup plans (CreateBackupPlan) there.`);
}

function policyOrThrow(region: RegionState, id: string): Policy {
  const policy = region.policies.get(id);
  if (!policy) throw new CloudError(404, "PolicyNotExist", `The policy ${id} does not exist.`);
  return policy;
}

function instanceOrThrow(region: RegionState, id: string): Instance {
  const instance = region.instances.get(id);
  if (!instance) throw new CloudError(404, "ResourceNotFound", `The ECS instance ${id} does not exist in ${region.region.regionId}.`);
  return instance;
}

const rulesError = (detail: string) => new CloudError(400, "InvalidParameter.Rules", `The Rules parameter is not valid: ${detail}`);

function parseRules(ctx: ActionContext, region: RegionState, existing: PolicyRule[] = []): PolicyRule[] {
  const raw = ctx.params.json("Rules", (d) => rulesError(d));
  if (!Array.isArray(raw) || raw.length === 0) throw rulesError("it must be a non-empty JSON array.");
  const rules = raw.map((r, i): PolicyRule => {
    if (!r || typeof r !== "object") throw rulesError(`rule ${i + 1} is not an object.`);
    const rule = r as Record<string, unknown>;
    const type = rule.RuleType;
    if (!["BACKUP", "TRANSITION", "REPLICATION", "TAG"].includes(String(type))) throw rulesError(`rule ${i + 1} has an unknown RuleType "${String(type)}".`);
    if (rule.Retention !== undefined) {
      const days = Number(rule.Retention);
      if (!Number.isInteger(days) || days < 1 || days > 364635) throw rulesError(`rule ${i + 1} Retention must be 1-364635 days.`);
    }
    if (type === "BACKUP") {
      if (typeof rule.Schedule !== "string") throw rulesError(`BACKUP rule ${i + 1} needs a Schedule.`);
      parseSchedule(rule.Schedule);
    }
    if (type === "TRANSITION" && rule.ArchiveDays !== undefined) {
      if (Number(rule.ArchiveDays) < 30) throw new CloudError(400, "ArchiveDaysTooShort", "ArchiveDays must be at least 30.");
      if (Number(rule.Retention) - Number(rule.ArchiveDays) < 60) throw new CloudError(400, "ArchiveRetentionDaysTooShort", "Retention - ArchiveDays must be at least 60.");
    }
    if (type === "REPLICATION") {
      const dest = String(rule.ReplicationRegionId ?? "");
      if (!dest) throw rulesError(`REPLICATION rule ${i + 1} needs a ReplicationRegionId.`);
      if (!ctx.account.region(dest)) throw rulesError(`ReplicationRegionId ${dest} is not a known region.`);
      if (dest === region.region.regionId) throw rulesError("ReplicationRegionId must differ from the source region.");
    }
    const known = typeof rule.RuleId === "string" && existing.some((e) => e.RuleId === rule.RuleId);
    return { ...rule, RuleType: String(type), RuleId: known ? String(rule.RuleId) : newHbrId("rule") };
  });
  if (!rules.some((r) => r.RuleType === "BACKUP")) throw rulesError("at least one BACKUP rule is required.");
  if (rules.filter((r) => r.RuleType === "TRANSITION").length > 1) throw rulesError("at most one TRANSITION rule is allowed.");
  return rules;
}

const renderPolicy = (region: RegionState, p: Policy) => ({
  PolicyId: p.policyId,
  PolicyName: p.policyName,
  PolicyDescription: p.policyDescription,
  PolicyType: p.policyType,
  PolicyBindingCount: [...region.bindings.values()].filter((b) => b.policyId === p.policyId).length,
  CreatedTime: unixSeconds(p.createdTime),
  UpdatedTime: unixSeconds(p.updatedTime),
  BusinessStatus: "NORMAL",
  Rules: p.rules,
});

/** New schedule positions for every BACKUP rule, from `from` on. */
function scheduleBinding(policy: Policy, binding: PolicyBinding, from: number) {
  const next: Record<string, number> = {};
  for (const rule of policyPlan(policy).backupRules) {
    const at = nextRun(parseSchedule(String(rule.Schedule)), from);
    if (at !== null) next[rule.RuleId] = at;
  }
  binding.nextRunAt = next;
}

const createPolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const rules = parseRules(ctx, region);
  const type = ctx.params.get("PolicyType") ?? (rules.some((r) => r.VaultId) ? "STANDARD" : "UDM_ECS_ONLY");
  if (!["STANDARD", "UDM_ECS_ONLY"].includes(type)) throw hbrBadRequest(`PolicyType ${type} is not valid.`);
  const name = ctx.params.get("PolicyName") ?? "";
  if (name.length > 64) throw hbrBadRequest("PolicyName is longer than 64 characters.");
  const policy: Policy = {
    policyId: newHbrId("po"), policyName: name, policyDescription: ctx.params.get("PolicyDescription") ?? "", policyType: type, rules,
    createdTime: ctx.now, updatedTime: ctx.now,
  };
  region.policies.set(policy.policyId, policy);
  changed(ctx);
  return { ...ok, PolicyId: policy.policyId };
};

const updatePolicyV2: Action = (ctx) => {
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

const deletePolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  for (const [id, b] of region.bindings) if (b.policyId === policy.policyId) region.bindings.delete(id);
  region.policies.delete(policy.policyId);
  changed(ctx);
  return { ...ok };
};

const describePoliciesV2: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const id = ctx.params.get("PolicyId");
  const list = [...region.policies.values()].filter((p) => !id || p.policyId === id);
  const page = paginateByToken(ctx.params, list);
  return { ...ok, ...page.fields, Policies: page.items.map((p) => renderPolicy(region, p)) };
};

const executePolicyV2: Action = (ctx) => {
  const region = resolveRegion(ctx, (r) => r.policies.has(ctx.params.get("PolicyId") ?? ""));
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  const ruleId = ctx.params.required("RuleId");
  if (!policyPlan(policy).backupRules.some((r) => r.RuleId === ruleId)) throw hbrBadRequest(`RuleId ${ruleId} is not a BACKUP rule of ${policy.policyId}.`);
  const dataSourceId = ctx.params.get("DataSourceId");
  const bindings = [...region.bindings.values()].filter((b) => b.policyId === policy.policyId && (!dataSourceId || b.dataSourceId === dataSourceId));
  if (bindings.length === 0) throw new CloudError(404, "PolicyBindingNotExist", "No data source is bound to this policy.");
  let jobId = "";
  for (const b of bindings) {
    const job = createJob(ctx.emulator, region, policyJobRequest(policy, ruleId, instanceOrThrow(region, b.dataSourceId), b.udmDetail, "MANUAL"), ctx.now);
    jobId ||= job.jobId;
  }
  changed(ctx);
  return { ...ok, JobId: jobId };
};

function udmDetailOf(value: unknown): Record<string, unknown> {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw hbrBadRequest("AdvancedOptions is not valid JSON.");
    }
  }
  if (v === undefined || v === null) return {};
  if (typeof v !== "object") throw hbrBadRequest("AdvancedOptions must be an object.");
  const detail = (v as { UdmDetail?: unknown }).UdmDetail;
  if (typeof detail === "string") return udmDetailOf({ UdmDetail: JSON.parse(detail) });
  return detail && typeof detail === "object" ? { ...(detail as Record<string, unknown>) } : {};
}

const wantsApp = (detail: Record<string, unknown>) => normaliseOptions(detail).appConsistent;
const appMultiError = () =>
  new CloudError(400, "AppConsistentNotSupportMultipleInstances", "Application-consistent backup can be enabled only when a single ECS instance is protected by the policy.");

const createPolicyBindings: Action = (ctx) => {
  const region = resolveRegion(ctx, (r) => r.policies.has(ctx.params.get("PolicyId") ?? ""));
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  const list = ctx.params.json("PolicyBindingList", (d) => hbrBadRequest(`PolicyBindingList ${d}`));
  if (!Array.isArray(list) || list.length === 0) throw missingParameter("PolicyBindingList");
  const current = [...region.bindings.values()].filter((b) => b.policyId === policy.policyId);
  const items = list.map((raw) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    if ((item.SourceType ?? "UDM_ECS") !== "UDM_ECS") throw hbrBadRequest(`SourceType ${String(item.SourceType)} is not supported by the emulator (UDM_ECS only).`);
    const id = String(item.DataSourceId ?? "");
    if (!id) throw missingParameter("PolicyBindingList.DataSourceId");
    instanceOrThrow(region, id);
    const bound = region.bindings.get(id);
    if (bound) throw new CloudError(400, "DataSourceAlreadyBound", `The ECS instance ${id} is already bound to policy ${bound.policyId}; an instance can be bound to only one policy.`);
    return { id, item, detail: udmDetailOf(item.AdvancedOptions) };
  });
  if (new Set(items.map((i) => i.id)).size !== items.length) throw hbrBadRequest("PolicyBindingList lists an instance twice.");
  if (current.length + items.length > MAX_BINDINGS_PER_POLICY)
    throw new CloudError(400, "PolicyBindingCountExceeded", `A policy can protect at most ${MAX_BINDINGS_PER_POLICY} ECS instances (it has ${current.length}).`);
  if (current.length + items.length > 1 && (items.some((i) => wantsApp(i.detail)) || current.some((b) => wantsApp(b.udmDetail)))) throw appMultiError();
  for (const { id, item, detail } of items) {
    const binding: PolicyBinding = {
      policyBindingId: newHbrId("pd"), policyId: policy.policyId, sourceType: "UDM_ECS", dataSourceId: id,
      disabled: String(item.Disabled ?? "false") === "true", description: String(item.PolicyBindingDescription ?? ""), udmDetail: detail,
      createdTime: ctx.now, updatedTime: ctx.now, nextRunAt: {},
    };
    scheduleBinding(policy, binding, ctx.now);
    region.bindings.set(id, binding);
  }
  changed(ctx);
  return { ...ok };
};

function bindingOrThrow(region: RegionState, policyId: string, instanceId: string): PolicyBinding {
  const binding = region.bindings.get(instanceId);
  if (!binding || binding.policyId !== policyId) throw new CloudError(404, "PolicyBindingNotExist", `The instance ${instanceId} is not bound to policy ${policyId}.`);
  return binding;
}

const updatePolicyBinding: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  ctx.params.required("SourceType");
  const binding = bindingOrThrow(region, policy.policyId, ctx.params.required("DataSourceId"));
  const disabled = ctx.params.bool("Disabled");
  if (ctx.params.get("AdvancedOptions") !== undefined) {
    const detail = udmDetailOf(ctx.params.get("AdvancedOptions"));
    const others = [...region.bindings.values()].filter((b) => b.policyId === policy.policyId).length;
    if (wantsApp(detail) && others > 1) throw appMultiError();
    binding.udmDetail = detail;
  }
  if (disabled !== undefined) {
    if (binding.disabled && !disabled) scheduleBinding(policy, binding, ctx.now);
    binding.disabled = disabled;
  }
  binding.description = ctx.params.get("PolicyBindingDescription") ?? binding.description;
  binding.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

const deletePolicyBinding: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  const ids = ctx.params.jsonStringArray("DataSourceIds");
  if (!ids || ids.length === 0) throw missingParameter("DataSourceIds");
  for (const id of ids) bindingOrThrow(region, policy.policyId, id);
  for (const id of ids) region.bindings.delete(id);
  changed(ctx);
  return { ...ok };
};

/** HBR `Filters.N.{Key,Operator,Values.M}` */
function filtersOf(ctx: ActionContext): { key: string; operator: string; values: string[] }[] {
  return ctx.params.objects("Filters").map((f) => ({
    key: String(f.Key ?? ""),
    operator: String(f.Operator ?? "IN"),
    values: Array.isArray(f.Values) ? f.Values.map(String) : f.Values !== undefined ? [String(f.Values)] : [],
  }));
}

function compare(actual: string | number, operator: string, values: string[]): boolean {
  const num = typeof actual === "number";
  const v = (i: number) => (num ? Number(values[i]) : values[i]!);
  switch (operator) {
    case "EQUAL": return actual === v(0);
    case "NOT_EQUAL": return actual !== v(0);
    case "GREATER_THAN": return actual > v(0);
    case "GREATER_THAN_OR_EQUAL": return actual >= v(0);
    case "LESS_THAN": return actual < v(0);
    case "LESS_THAN_OR_EQUAL": return actual <= v(0);
    case "BETWEEN": return actual >= v(0) && actual <= v(1);
    case "IN": return values.map((_, i) => v(i)).includes(actual);
    default: throw hbrBadRequest(`Filter operator ${operator} is not valid.`);
  }
}

const describePolicyBindings: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policyId = ctx.params.get("PolicyId");
  const ids = ctx.params.jsonStringArray("DataSourceIds");
  const filters = filtersOf(ctx);
  const list = [...region.bindings.values()]
    .filter((b) => (!policyId || b.policyId === policyId) && (!ids || ids.includes(b.dataSourceId)))
    .filter((b) =>
      filters.every((f) => {
        const field = f.key === "PolicyId" ? b.policyId : f.key === "DataSourceId" ? b.dataSourceId : f.key === "DataSourceType" ? b.sourceType : null;
        if (field === null) throw hbrBadRequest(`Filter key ${f.key} is not valid.`);
        return compare(field, f.operator, f.values);
      }),
    )
    .sort((a, b) => a.createdTime - b.createdTime);
  const page = paginateByToken(ctx.params, list);
  return {
    ...ok, ...page.fields,
    PolicyBindings: page.items.map((b) => ({
      PolicyBindingId: b.policyBindingId, PolicyId: b.policyId, SourceType: b.sourceType, DataSourceId: b.dataSourceId, Disabled: b.disabled,
      PolicyBindingDescription: b.description, CreatedTime: unixSeconds(b.createdTime), UpdatedTime: unixSeconds(b.updatedTime), CreatedByTag: false,
      HitTags: [], CrossAccountType: "SELF_ACCOUNT", AdvancedOptions: { UdmDetail: b.udmDetail },
    })),
  };
};

// ---- legacy UDM_ECS backup plans ----

function requireUdmEcs(ctx: ActionContext, required = true) {
  const type = required ? ctx.params.required("SourceType") : ctx.params.get("SourceType");
  if (type !== undefined && type !== "UDM_ECS") throw hbrBadRequest(`SourceType ${type} is not supported by the emulator (UDM_ECS only).`);
}

function detailOf(ctx: ActionContext): Record<string, unknown> {
  const d = ctx.params.json("Detail", (x) => hbrBadRequest(`Detail ${x}`));
  if (d === undefined) return {};
  if (!d || typeof d !== "object" || Array.isArray(d)) throw hbrBadRequest("Detail must be a JSON object.");
  return d as Record<string, unknown>;
}

function planRulesOf(ctx: ActionContext, existing: PlanRule[] = []): PlanRule[] {
  return ctx.params.objects("Rule").map((r) => {
    const schedule = String(r.Schedule ?? "");
    parseSchedule(schedule);
    const id = typeof r.RuleId === "string" && existing.some((e) => e.RuleId === r.RuleId) ? r.RuleId : newHbrId("rule");
    return {
      RuleId: id, RuleName: String(r.RuleName ?? ""), BackupType: String(r.BackupType ?? "COMPLETE"), Schedule: schedule,
      Retention: Number(r.Retention ?? 7), Disabled: String(r.Disabled) === "true", DoCopy: String(r.DoCopy) === "true",
      DestinationRegionId: String(r.DestinationRegionId ?? ""), DestinationRetention: Number(r.DestinationRetention ?? -1),
    };
  });
}

function planOrThrow(region: RegionState, id: string): BackupPlan {
  const plan = region.plans.get(id);
  if (!plan) throw new CloudError(404, "PlanNotExist", `The backup plan ${id} does not exist.`);
  return plan;
}

const findPlan = (ctx: ActionContext) => (r: RegionState) => r.plans.has(ctx.params.get("PlanId") ?? "");

const createBackupPlan: Action = (ctx) => {
  requireUdmEcs(ctx);
  const region = resolveRegion(ctx);
  const instance = instanceOrThrow(region, ctx.params.required("InstanceId"));
  const name = ctx.params.required("PlanName");
  if (name.length > 64) throw hbrBadRequest("PlanName must be 1-64 characters.");
  if ([...region.plans.values()].some((p) => p.planName === name)) throw new CloudError(400, "PlanNameAlreadyExists", `A backup plan named ${name} already exists.`);
  const rules = planRulesOf(ctx);
  const schedule = ctx.params.get("Schedule") ?? rules[0]?.Schedule;
  if (!schedule) throw missingParameter("Schedule");
  const parsed = parseSchedule(schedule);
  const retention = ctx.params.int("Retention", { min: 1, max: 364635 }) ?? rules[0]?.Retention;
  if (retention === undefined) throw missingParameter("Retention");
  const detail = detailOf(ctx);
  const disabled = ctx.params.bool("Disabled") ?? false;
  const plan: BackupPlan = {
    planId: newHbrId("plan"), planName: name, sourceType: "UDM_ECS", instanceId: instance.instanceId, udmRegionId: region.region.regionId,
    schedule, retention, backupType: ctx.params.get("BackupType") ?? "COMPLETE", keepLatestSnapshots: ctx.params.int("KeepLatestSnapshots", { min: 0, max: 1, fallback: 0 })!,
    disabled, detail, rules, createdTime: ctx.now, updatedTime: ctx.now, latestExecuteJobId: "", latestFinishJobId: "",
    nextRunAt: nextRun(parsed, ctx.now),
  };
  region.plans.set(plan.planId, plan);
  changed(ctx);
  return { ...ok, PlanId: plan.planId };
};

const renderPlan = (region: RegionState, p: BackupPlan) => {
  const instance = region.instances.get(p.instanceId);
  const finished = [...region.jobs.values()].filter((j) => j.planId === p.planId && j.completeTime !== null).at(-1);
  const detail = { ...normaliseOptions(p.detail), ...p.detail, doBackup: true, instanceName: instance?.instanceName ?? "", osName: instance?.osName ?? "", osNameEn: instance?.osName ?? "", osType: instance?.osType ?? "", platform: instance?.osType === "windows" ? "Windows" : "Linux", ecsDeleted: !instance };
  delete (detail as Record<string, unknown>).EnableFsFreeze;
  return {
    PlanId: p.planId, PlanName: p.planName, SourceType: p.sourceType, InstanceId: p.instanceId, InstanceName: instance?.instanceName ?? "",
    Schedule: p.schedule, Retention: p.retention, KeepLatestSnapshots: p.keepLatestSnapshots, Disabled: p.disabled, BackupType: p.backupType,
    VaultId: "", Detail: JSON.stringify(detail), CreatedTime: unixSeconds(p.createdTime), UpdatedTime: unixSeconds(p.updatedTime),
    LatestExecuteJobId: p.latestExecuteJobId, LatestFinishJobId: finished?.jobId ?? "", BusinessStatus: p.disabled ? "DISABLED" : "NORMAL",
    CreatedByTag: false, CrossAccountType: "SELF_ACCOUNT",
    Rules: { Rule: p.rules },
    Resources: {
      Resource: (instance?.disks ?? []).map((d) => ({
        ResourceId: d.diskId, SourceType: "UDM_DISK",
        Extra: JSON.stringify({ diskName: d.diskId, size: d.sizeGiB, type: d.type, category: d.category, device: d.device, encrypted: false, doBackup: true }),
      })),
    },
  };
};

const describeBackupPlans: Action = (ctx) => {
  requireUdmEcs(ctx, false);
  const filters = filtersOf(ctx);
  const regionFilter = filters.find((f) => f.key === "regionId")?.values[0];
  const region = regionFilter ? resolveRegionById(ctx, regionFilter) : resolveRegion(ctx);
  const fieldOf = (p: BackupPlan, key: string): string | null =>
    ({ planId: p.planId, instanceId: p.instanceId, planName: p.planName, sourceType: p.sourceType, regionId: p.udmRegionId, vaultId: "", instanceName: region.instances.get(p.instanceId)?.instanceName ?? "" })[key] ?? null;
  const list = [...region.plans.values()].filter((p) =>
    filters.every((f) => {
      const field = fieldOf(p, f.key);
      if (field === null) throw hbrBadRequest(`Filter key ${f.key} is not valid (keys are lowerCamel here).`);
      return f.values.includes(field);
    }),
  );
  const page = paginate(ctx.params, list, { pageSizeMax: 99 });
  return { ...ok, ...page.fields, BackupPlans: { BackupPlan: page.items.map((p) => renderPlan(region, p)) } };
};

function resolveRegionById(ctx: ActionContext, regionId: string): RegionState {
  const region = ctx.account.region(regionId);
  if (!region) throw new CloudError(404, "InvalidRegionId.NotFound", `The specified region ${regionId} does not exist.`);
  ctx.regionId = regionId;
  ctx.emulator.tick(ctx.account, regionId);
  return region;
}

const updateBackupPlan: Action = (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  const schedule = ctx.params.get("Schedule");
  if (schedule) {
    plan.nextRunAt = nextRun(parseSchedule(schedule), ctx.now);
    plan.schedule = schedule;
  }
  plan.planName = ctx.params.get("PlanName") ?? plan.planName;
  plan.retention = ctx.params.int("Retention", { min: 1, max: 364635 }) ?? plan.retention;
  plan.keepLatestSnapshots = ctx.params.int("KeepLatestSnapshots", { min: 0, max: 1 }) ?? plan.keepLatestSnapshots;
  if (ctx.params.get("Detail") !== undefined) plan.detail = detailOf(ctx);
  if (ctx.params.list("Rule.1.Schedule").length || ctx.params.objects("Rule").length) plan.rules = planRulesOf(ctx, plan.rules);
  plan.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

const deleteBackupPlan: Action = (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  const jobs = [...region.jobs.values()].filter((j) => j.planId === plan.planId);
  if (ctx.params.bool("RequireNoRunningJobs") && jobs.some((j) => j.status === "CREATED" || j.status === "RUNNING"))
    throw new CloudError(400, "PlanHasRunningJobs", "The backup plan has running jobs.");
  // deleting a plan deletes its jobs but keeps the snapshots
  for (const j of jobs) region.jobs.delete(j.jobId);
  region.plans.delete(plan.planId);
  changed(ctx);
  return { ...ok };
};

const setPlanDisabled = (disabled: boolean): Action => (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  if (plan.disabled && !disabled) plan.nextRunAt = nextRun(parseSchedule(plan.schedule), ctx.now);
  plan.disabled = disabled;
  plan.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

const executeBackupPlan: Action = (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  const ruleId = ctx.params.get("RuleId");
  if (ruleId && !plan.rules.some((r) => r.RuleId === ruleId)) throw hbrBadRequest(`RuleId ${ruleId} is not a rule of ${plan.planId}.`);
  const job = createJob(ctx.emulator, region, planJobRequest(plan, instanceOrThrow(region, plan.instanceId), "MANUAL", ruleId), ctx.now);
  plan.latestExecuteJobId = job.jobId;
  changed(ctx);
  return { ...ok, JobId: job.jobId };
};

// ---- jobs, snapshots, tasks ----

const createBackupJob: Action = (ctx) => {
  requireUdmEcs(ctx);
  const region = resolveRegion(ctx);
  const instance = instanceOrThrow(region, ctx.params.required("InstanceId"));
  const backupType = ctx.params.get("BackupType") ?? "COMPLETE";
  if (!["COMPLETE", "INCREMENTAL"].includes(backupType)) throw hbrBadRequest(`BackupType ${backupType} is not valid.`);
  const options = normaliseOptions(detailOf(ctx));
  if (options.doCopy && !ctx.account.region(options.destinationRegionId)) throw hbrBadRequest(`destinationRegionId "${options.destinationRegionId}" is not a known region.`);
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

const describeBackupJobs2: Action = (ctx) => {
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
  for (const f of filters) if (f.key === "CompleteTime" && f.operator === "IN") throw hbrBadRequest("Operator IN is not allowed with CompleteTime.");
  // Named jobs are looked up, not searched for among every job of the region (the same filters apply after).
  const named = filters.find((f) => f.key === "JobId" && (f.operator === "IN" || f.operator === "EQUAL"));
  const candidates = named
    ? [...new Set(named.values)].flatMap((id) => region.jobs.get(id) ?? []).sort((a, b) => a.createdTime - b.createdTime)
    : [...region.jobs.values()];
  const list = candidates.filter((j) =>
    filters.every((f) => {
      const field = fieldOf(j, f.key);
      if (field === null) throw hbrBadRequest(`Filter key ${f.key} is not valid.`);
      return compare(field, f.operator, f.values);
    }),
  );
  const direction = ctx.params.get("SortDirection") ?? "DESCEND";
  if (direction !== "ASCEND" && direction !== "DESCEND") throw hbrBadRequest("SortDirection must be ASCEND or DESCEND.");
  if (direction === "DESCEND") list.reverse();
  const page = paginate(ctx.params, list, { pageSizeMax: 99 });
  return { ...ok, ...page.fields, BackupJobs: { BackupJob: page.items.map((j) => renderJob(region, j, ctx.now)) } };
};

const cancelBackupJob: Action = (ctx) => {
  const jobId = ctx.params.required("JobId");
  const region = resolveRegion(ctx, (r) => r.jobs.has(jobId));
  const job = region.jobs.get(jobId);
  if (!job) throw new CloudError(404, "JobNotExist", `The backup job ${jobId} does not exist.`);
  if (job.status !== "CREATED" && job.status !== "RUNNING") throw new CloudError(400, "JobCannotCancel", `The backup job is ${job.status} and cannot be cancelled.`);
  job.status = "CANCELING";
  job.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

const describeUdmSnapshots: Action = (ctx) => {
  const sourceType = ctx.params.required("SourceType");
  if (!["UDM_ECS", "UDM_ECS_DISK", "UDM_DISK"].includes(sourceType)) throw hbrBadRequest(`SourceType ${sourceType} is not valid.`);
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

const describeTask: Action = (ctx) => {
  const taskId = ctx.params.required("TaskId");
  const region = resolveRegion(ctx, (r) => r.tasks.has(taskId));
  const task = region.tasks.get(taskId);
  if (!task) throw new CloudError(404, "TaskNotFound", `The task ${taskId} does not exist.`);
  return {
    ...ok, Name: task.name, Progress: task.progress, Description: task.description, Result: task.result,
    CreatedTime: unixSeconds(task.createdTime), UpdatedTime: unixSeconds(task.updatedTime), CompletedTime: unixSeconds(task.completedTime),
  };
};

export const hbrService: Service = {
  product: "hbr",
  endpointPrefix: "hbr",
  actions: {
    CreatePolicyV2: createPolicyV2,
    UpdatePolicyV2: updatePolicyV2,
    DeletePolicyV2: deletePolicyV2,
    DescribePoliciesV2: describePoliciesV2,
    ExecutePolicyV2: executePolicyV2,
    CreatePolicyBindings: createPolicyBindings,
    UpdatePolicyBinding: updatePolicyBinding,
    DeletePolicyBinding: deletePolicyBinding,
    DescribePolicyBindings: describePolicyBindings,
    CreateBackupPlan: createBackupPlan,
    DescribeBackupPlans: describeBackupPlans,
    UpdateBackupPlan: updateBackupPlan,
    DeleteBackupPlan: deleteBackupPlan,
    EnableBackupPlan: setPlanDisabled(false),
    DisableBackupPlan: setPlanDisabled(true),
    ExecuteBackupPlan: executeBackupPlan,
    CreateBackupJob: createBackupJob,
    DescribeBackupJobs2: describeBackupJobs2,
    CancelBackupJob: cancelBackupJob,
    DescribeUdmSnapshots: describeUdmSnapshots,
    DescribeTask: describeTask,
  },
};

