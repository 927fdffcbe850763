/** What the HBR resource files share: the region of a request, the success envelope, instance lookup, `Filters.N`, `Detail`. */
import type { Instance } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import type { ActionContext } from "../types.ts";
import { badRequest, instanceNotFound, regionNotFound, regionUnknown } from "./errors.ts";

export const REGION_HEADER = "x-hbr-emulator-region";
export const ok = { Success: true, Code: "200", Message: "successful" };

/** A write: mark the region for persistence. */
export const changed = (ctx: ActionContext) => ctx.emulator.regionTouched(ctx.account, ctx.regionId!);

/**
 * HBR endpoints are regional and many actions carry no RegionId. The region is, in order: a `RegionId`
 * (or `UdmRegionId`) parameter, the `x-hbr-emulator-region` header, a Host `hbr.<region>.aliyuncs.com`,
 * the region of the named instance, or the region holding the named job/plan/policy.
 */
export function resolveRegion(ctx: ActionContext, find?: (r: RegionState) => boolean): RegionState {
  const header = ctx.headers[REGION_HEADER];
  const host = /^hbr\.([a-z0-9-]+)\.aliyuncs\.com/.exec(ctx.headers.host ?? "")?.[1];
  const instanceId = ctx.params.get("InstanceId") ?? ctx.params.get("DataSourceId");
  const candidate =
    ctx.params.get("RegionId") || ctx.params.get("UdmRegionId") || (Array.isArray(header) ? header[0] : header) || host ||
    (instanceId ? ctx.account.regionOfInstance(instanceId) : undefined) ||
    (find ? [...ctx.account.regions.values()].find(find)?.region.regionId : undefined);
  if (!candidate) throw regionUnknown(REGION_HEADER);
  const region = ctx.account.region(candidate);
  if (!region) throw regionNotFound(candidate);
  ctx.regionId = candidate;
  ctx.emulator.tick(ctx.account, candidate);
  return region;
}

export function instanceOrThrow(region: RegionState, id: string): Instance {
  const instance = region.instances.get(id);
  if (!instance) throw instanceNotFound(id, region.region.regionId);
  return instance;
}

export function resolveRegionById(ctx: ActionContext, regionId: string): RegionState {
  const region = ctx.account.region(regionId);
  if (!region) throw regionNotFound(regionId);
  ctx.regionId = regionId;
  ctx.emulator.tick(ctx.account, regionId);
  return region;
}

/** HBR `Filters.N.{Key,Operator,Values.M}` */
export function filtersOf(ctx: ActionContext): { key: string; operator: string; values: string[] }[] {
  return ctx.params.objects("Filters").map((f) => ({
    key: String(f.Key ?? ""),
    operator: String(f.Operator ?? "IN"),
    values: Array.isArray(f.Values) ? f.Values.map(String) : f.Values !== undefined ? [String(f.Values)] : [],
  }));
}

export function compare(actual: string | number, operator: string, values: string[]): boolean {
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
    default: throw badRequest(`Filter operator ${operator} is not valid.`);
  }
}

export function requireUdmEcs(ctx: ActionContext, required = true) {
  const type = required ? ctx.params.required("SourceType") : ctx.params.get("SourceType");
  if (type !== undefined && type !== "UDM_ECS") throw badRequest(`SourceType ${type} is not supported by the emulator (UDM_ECS only).`);
}

/** A JSON-object parameter (`Detail`, CreateRestoreJob's `UdmDetail`): {} when absent, BadRequest when not an object. */
export function detailOf(ctx: ActionContext, name = "Detail"): Record<string, unknown> {
  const d = ctx.params.json(name, (x) => badRequest(`${name} ${x}`));
  if (d === undefined) return {};
  if (!d || typeof d !== "object" || Array.isArray(d)) throw badRequest(`${name} must be a JSON object.`);
  return d as Record<string, unknown>;
}

