import { missingParameter } from "../../protocol/errors.ts";
import { newHbrId, unixSeconds } from "../../protocol/ids.ts";
import type { BackupPlan, PlanRule } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { paginate } from "../paging.ts";
import type { Action, ActionContext } from "../types.ts";
import { createJob, normaliseOptions, planJobRequest } from "./engine.ts";
import { badRequest, planHasRunningJobs, planNameAlreadyExists, planNotFound } from "./errors.ts";
import { nextRun, parseSchedule } from "./schedule.ts";
import { changed, detailOf, filtersOf, instanceOrThrow, ok, requireUdmEcs, resolveRegion, resolveRegionById } from "./shared.ts";

// Legacy UDM_ECS backup plans: one instance each, its own schedule.

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
  if (!plan) throw planNotFound(id);
  return plan;
}

const findPlan = (ctx: ActionContext) => (r: RegionState) => r.plans.has(ctx.params.get("PlanId") ?? "");

export const createBackupPlan: Action = (ctx) => {
  requireUdmEcs(ctx);
  const region = resolveRegion(ctx);
  const instance = instanceOrThrow(region, ctx.params.required("InstanceId"));
  const name = ctx.params.required("PlanName");
  if (name.length > 64) throw badRequest("PlanName must be 1-64 characters.");
  if ([...region.plans.values()].some((p) => p.planName === name)) throw planNameAlreadyExists(name);
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
    PlanId: p.planId, PlanName: p.planName, SourceType: p.sourceType, InstanceId: p.instanceId, DataSourceId: p.instanceId, InstanceName: instance?.instanceName ?? "",
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

export const describeBackupPlans: Action = (ctx) => {
  requireUdmEcs(ctx, false);
  const filters = filtersOf(ctx);
  const regionFilter = filters.find((f) => f.key === "regionId")?.values[0];
  const region = regionFilter ? resolveRegionById(ctx, regionFilter) : resolveRegion(ctx);
  const fieldOf = (p: BackupPlan, key: string): string | null =>
    ({ planId: p.planId, instanceId: p.instanceId, planName: p.planName, sourceType: p.sourceType, regionId: p.udmRegionId, vaultId: "", instanceName: region.instances.get(p.instanceId)?.instanceName ?? "" })[key] ?? null;
  const list = [...region.plans.values()].filter((p) =>
    filters.every((f) => {
      const field = fieldOf(p, f.key);
      if (field === null) throw badRequest(`Filter key ${f.key} is not valid (keys are lowerCamel here).`);
      return f.values.includes(field);
    }),
  );
  const page = paginate(ctx.params, list, { pageSizeMax: 99 });
  return { ...ok, ...page.fields, BackupPlans: { BackupPlan: page.items.map((p) => renderPlan(region, p)) } };
};

export const updateBackupPlan: Action = (ctx) => {
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

export const deleteBackupPlan: Action = (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  const jobs = [...region.jobs.values()].filter((j) => j.planId === plan.planId);
  if (ctx.params.bool("RequireNoRunningJobs") && jobs.some((j) => j.status === "CREATED" || j.status === "RUNNING"))
    throw planHasRunningJobs();
  // deleting a plan deletes its jobs but keeps the snapshots
  for (const j of jobs) region.jobs.delete(j.jobId);
  region.plans.delete(plan.planId);
  changed(ctx);
  return { ...ok };
};

export const setPlanDisabled = (disabled: boolean): Action => (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  if (plan.disabled && !disabled) plan.nextRunAt = nextRun(parseSchedule(plan.schedule), ctx.now);
  plan.disabled = disabled;
  plan.updatedTime = ctx.now;
  changed(ctx);
  return { ...ok };
};

export const executeBackupPlan: Action = (ctx) => {
  const region = resolveRegion(ctx, findPlan(ctx));
  const plan = planOrThrow(region, ctx.params.required("PlanId"));
  const ruleId = ctx.params.get("RuleId");
  if (ruleId && !plan.rules.some((r) => r.RuleId === ruleId)) throw badRequest(`RuleId ${ruleId} is not a rule of ${plan.planId}.`);
  const job = createJob(ctx.emulator, region, planJobRequest(plan, instanceOrThrow(region, plan.instanceId), "MANUAL", ruleId), ctx.now);
  plan.latestExecuteJobId = job.jobId;
  changed(ctx);
  return { ...ok, JobId: job.jobId };
};

