import type { Instance } from "../../state/models.ts";
import type { RegionState } from "../../state/store.ts";
import type { ActionContext } from "../types.ts";
import { instanceNotFound, regionNotFound } from "./errors.ts";

/** The request's RegionId as a region of the caller's account (InvalidRegionId.NotFound otherwise). */
export const regionOf = (ctx: ActionContext): RegionState => {
  const regionId = ctx.params.required("RegionId");
  const region = ctx.account.region(regionId);
  if (!region) throw regionNotFound();
  ctx.regionId = regionId;
  return region;
};

/** A write: mark the region for persistence. */
export const changed = (ctx: ActionContext) => ctx.emulator.regionTouched(ctx.account, ctx.regionId!);

export function instanceOrThrow(region: RegionState, id: string, code = "InvalidInstanceId.NotFound"): Instance {
  const instance = region.instances.get(id);
  if (!instance) throw instanceNotFound(id, code);
  return instance;
}
