import type { IncomingHttpHeaders } from "node:http";
import type { RpcParams } from "../protocol/params.ts";
import type { AccountState } from "../state/store.ts";
import type { Emulator } from "../emulator.ts";

export interface ActionContext {
  params: RpcParams;
  account: AccountState;
  headers: IncomingHttpHeaders;
  emulator: Emulator;
  now: number;
  /** set by the service once it knows the region, for HostId and persistence */
  regionId?: string;
}

export type Action = (ctx: ActionContext) => Record<string, unknown>;

export interface Service {
  product: string;
  /** `ecs`, `ram`, `hbr`: the endpoint prefix, for HostId */
  endpointPrefix: string;
  actions: Record<string, Action>;
}
