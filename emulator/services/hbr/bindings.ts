import { missingParameter } from "../../protocol/errors.ts";
import { newHbrId, unixSeconds } from "../../protocol/ids.ts";
import type { PolicyBinding } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import { paginateByToken } from "../paging.ts";
import type { Action } from "../types.ts";
import { normaliseOptions } from "./engine.ts";
import { appConsistentMultipleInstances, badRequest, bindingCountExceeded, bindingNotFound, dataSourceAlreadyBound } from "./errors.ts";
import { policyOrThrow, requirePolicyRegion, scheduleBinding } from "./policies.ts";
import { changed, compare, filtersOf, instanceOrThrow, ok, resolveRegion } from "./shared.ts";

const MAX_BINDINGS_PER_POLICY = 99;

function udmDetailOf(value: unknown): Record<string, unknown> {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw badRequest("AdvancedOptions is not valid JSON.");
    }
  }
  if (v === undefined || v === null) return {};
  if (typeof v !== "object") throw badRequest("AdvancedOptions must be an object.");
  const detail = (v as { UdmDetail?: unknown }).UdmDetail;
  if (typeof detail === "string") return udmDetailOf({ UdmDetail: JSON.parse(detail) });
  return detail && typeof detail === "object" ? { ...(detail as Record<string, unknown>) } : {};
}

const wantsApp = (detail: Record<string, unknown>) => normaliseOptions(detail).appConsistent;

export const createPolicyBindings: Action = (ctx) => {
  const region = resolveRegion(ctx, (r) => r.policies.has(ctx.params.get("PolicyId") ?? ""));
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  const list = ctx.params.json("PolicyBindingList", (d) => badRequest(`PolicyBindingList ${d}`));
  if (!Array.isArray(list) || list.length === 0) throw missingParameter("PolicyBindingList");
  const current = [...region.bindings.values()].filter((b) => b.policyId === policy.policyId);
  const items = list.map((raw) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    if ((item.SourceType ?? "UDM_ECS") !== "UDM_ECS") throw badRequest(`SourceType ${String(item.SourceType)} is not supported by the emulator (UDM_ECS only).`);
    const id = String(item.DataSourceId ?? "");
    if (!id) throw missingParameter("PolicyBindingList.DataSourceId");
    instanceOrThrow(region, id);
    const bound = region.bindings.get(id);
    if (bound) throw dataSourceAlreadyBound(id, bound.policyId);
    return { id, item, detail: udmDetailOf(item.AdvancedOptions) };
  });
  if (new Set(items.map((i) => i.id)).size !== items.length) throw badRequest("PolicyBindingList lists an instance twice.");
  if (current.length + items.length > MAX_BINDINGS_PER_POLICY)
    throw bindingCountExceeded(MAX_BINDINGS_PER_POLICY, current.length);
  if (current.length + items.length > 1 && (items.some((i) => wantsApp(i.detail)) || current.some((b) => wantsApp(b.udmDetail)))) throw appConsistentMultipleInstances();
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
  if (!binding || binding.policyId !== policyId) throw bindingNotFound(policyId, instanceId);
  return binding;
}

export const updatePolicyBinding: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policy = policyOrThrow(region, ctx.params.required("PolicyId"));
  ctx.params.required("SourceType");
  const binding = bindingOrThrow(region, policy.policyId, ctx.params.required("DataSourceId"));
  const disabled = ctx.params.bool("Disabled");
  if (ctx.params.get("AdvancedOptions") !== undefined) {
    const detail = udmDetailOf(ctx.params.get("AdvancedOptions"));
    const others = [...region.bindings.values()].filter((b) => b.policyId === policy.policyId).length;
    if (wantsApp(detail) && others > 1) throw appConsistentMultipleInstances();
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

export const deletePolicyBinding: Action = (ctx) => {
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

export const describePolicyBindings: Action = (ctx) => {
  const region = resolveRegion(ctx);
  requirePolicyRegion(region);
  const policyId = ctx.params.get("PolicyId");
  const ids = ctx.params.jsonStringArray("DataSourceIds");
  // SourceType narrows the list (the emulator binds UDM_ECS only, so another type lists nothing).
  const sourceType = ctx.params.get("SourceType");
  const filters = filtersOf(ctx);
  const all = region.sortedBindings();
  const narrowed = Boolean(policyId || ids || filters.length || (sourceType && all.some((b) => b.sourceType !== sourceType)));
  // Unfiltered (the inventory's read of every binding), a page is a slice of the sorted list, not a scan of it.
  const list = !narrowed
    ? all
    : all.filter((b) => (!policyId || b.policyId === policyId) && (!ids || ids.includes(b.dataSourceId)) && (!sourceType || b.sourceType === sourceType))
    .filter((b) =>
      filters.every((f) => {
        const field = f.key === "PolicyId" ? b.policyId : f.key === "DataSourceId" ? b.dataSourceId : f.key === "DataSourceType" ? b.sourceType : null;
        if (field === null) throw badRequest(`Filter key ${f.key} is not valid.`);
        return compare(field, f.operator, f.values);
      }),
    );
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

