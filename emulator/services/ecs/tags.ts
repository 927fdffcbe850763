import { missingParameter } from "../../protocol/errors.ts";
import type { RegionState } from "../../state/store.ts";
import { paginate } from "../paging.ts";
import type { Action, ActionContext } from "../types.ts";
import { changed, regionOf } from "./common.ts";
import {
  duplicateTagKey, resourceIdNotFound, resourceTypeNotFound, tagKeyMalformed, tagResourcesArgumentsEmpty, tagValueMalformed, tooManyResourceIds,
  tooManyTags,
} from "./errors.ts";

// Tags of ECS resources: TagResources, UntagResources, ListTagResources for ResourceType instance, snapshot and
// snapshotgroup (lower case on the wire, as the SDK documents; any casing is accepted).

type TagType = "instance" | "snapshot" | "snapshotgroup";
const TYPES: TagType[] = ["instance", "snapshot", "snapshotgroup"];

function resourceType(ctx: ActionContext): TagType {
  const type = ctx.params.required("ResourceType").toLowerCase();
  if (!TYPES.includes(type as TagType)) throw resourceTypeNotFound(type);
  return type as TagType;
}

function tagsOf(region: RegionState, type: TagType, id: string): Record<string, string> | undefined {
  return type === "instance" ? region.instances.get(id)?.tags : type === "snapshot" ? region.snapshots.get(id)?.tags : region.snapshotGroups.get(id)?.tags;
}

/** Snapshots are history, persisted in sealed chunks: a changed one must be written again. */
function reopen(region: RegionState, type: TagType, ids: string[]) {
  if (type === "snapshot" || type === "snapshotgroup") for (const id of ids) region.reopen(type === "snapshot" ? "snapshots" : "snapshotGroups", id);
}

function resourceIds(ctx: ActionContext, required: boolean): string[] {
  const ids = ctx.params.list("ResourceId");
  if (required && ids.length === 0) throw missingParameter("ResourceId.1");
  if (ids.length > 50) throw tooManyResourceIds();
  return ids;
}

const tagResources: Action = (ctx) => {
  const region = regionOf(ctx);
  const type = resourceType(ctx);
  const ids = resourceIds(ctx, true);
  const tags = ctx.params.objects("Tag").map((t) => ({ key: t.Key as string | undefined, value: (t.Value as string | undefined) ?? "" }));
  if (tags.length === 0) throw missingParameter("Tag.1.Key");
  if (tags.length > 20) throw tooManyTags();
  const seen = new Set<string>();
  for (const t of tags) {
    if (!t.key) throw missingParameter("Tag.N.Key");
    if (t.key.length > 128 || /^(aliyun|acs:)/i.test(t.key) || t.key.startsWith("http")) throw tagKeyMalformed();
    if (t.value.length > 128) throw tagValueMalformed();
    if (seen.has(t.key)) throw duplicateTagKey();
    seen.add(t.key);
  }
  const targets = ids.map((id) => {
    const target = tagsOf(region, type, id);
    if (!target) throw resourceIdNotFound(id);
    return target;
  });
  for (const target of targets) for (const t of tags) target[t.key!] = t.value;
  reopen(region, type, ids);
  changed(ctx);
  return {};
};

/** UntagResources: removes TagKey.N (up to 20) from each resource, or every tag with All=true and no TagKey. */
const untagResources: Action = (ctx) => {
  const region = regionOf(ctx);
  const type = resourceType(ctx);
  const ids = resourceIds(ctx, true);
  const keys = ctx.params.list("TagKey");
  if (keys.length > 20) throw tooManyTags();
  const all = ctx.params.bool("All") ?? false;
  const targets = ids.map((id) => {
    const target = tagsOf(region, type, id);
    if (!target) throw resourceIdNotFound(id);
    return target;
  });
  for (const target of targets) for (const key of keys.length ? keys : all ? Object.keys(target) : []) delete target[key];
  reopen(region, type, ids);
  changed(ctx);
  return {};
};

/**
 * ListTagResources: one row per (resource, tag). ResourceId.N (up to 50) and/or Tag.N (up to 20, a resource must
 * carry them all; an empty Value matches any value) or TagFilter.N (TagKey with TagValues.N, any of them); each
 * matching resource lists all its tags. NextToken pages of 50 rows.
 */
const listTagResources: Action = (ctx) => {
  const region = regionOf(ctx);
  const type = resourceType(ctx);
  const ids = resourceIds(ctx, false);
  const tags = ctx.params.tags();
  if (tags.length > 20) throw tooManyTags();
  const filters = ctx.params.objects("TagFilter").map((f) => ({ key: String(f.TagKey ?? ""), values: Array.isArray(f.TagValues) ? f.TagValues.map(String) : [] }));
  if (ids.length === 0 && tags.length === 0 && filters.length === 0) throw tagResourcesArgumentsEmpty();
  const candidates: [string, Record<string, string>][] = ids.length
    ? ids.flatMap((id) => {
        const t = tagsOf(region, type, id);
        return t ? [[id, t] as [string, Record<string, string>]] : [];
      })
    : type === "instance" ? region.instanceArray().map((i) => [i.instanceId, i.tags])
    : type === "snapshot" ? [...region.snapshots.values()].map((s) => [s.snapshotId, s.tags])
    : [...region.snapshotGroups.values()].map((g) => [g.snapshotGroupId, g.tags]);
  const rows: { ResourceId: string; ResourceType: string; TagKey: string; TagValue: string }[] = [];
  for (const [id, t] of candidates) {
    if (!tags.every((w) => w.key in t && (w.value === "" || t[w.key] === w.value))) continue;
    if (!filters.every((f) => f.key in t && (f.values.length === 0 || f.values.includes(t[f.key]!)))) continue;
    for (const [TagKey, TagValue] of Object.entries(t)) rows.push({ ResourceId: id, ResourceType: type, TagKey, TagValue });
  }
  const page = paginate(ctx.params, rows, { tokenOnly: true, maxResultsMax: 50, pageSizeDefault: 50 });
  return { NextToken: page.fields.NextToken, TagResources: { TagResource: page.items } };
};

export const tagActions = { TagResources: tagResources, UntagResources: untagResources, ListTagResources: listTagResources };
