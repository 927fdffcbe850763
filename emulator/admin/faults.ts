import { z } from "zod";

export const faultSchema = z.object({
  action: z.string().optional(),
  rate: z.number().min(0).max(1).default(1),
  kind: z.enum(["latency", "throttle", "error5xx", "reset", "error"]),
  /** kind "error": the cloud error to answer with (a permanent one, such as a 400 or 403 business error) */
  code: z.string().regex(/^[A-Za-z][\w.]*$/).optional(),
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().max(500).optional(),
  /** only requests whose parameters have these values (e.g. { "InstanceId": "i-…" }), so one test's fault spares the rest */
  params: z.record(z.string(), z.string()).optional(),
  /** only requests for this region (see {@link requestRegionOf}), e.g. one region's DescribePoliciesV2 probe */
  regionId: z.string().optional(),
  /**
   * kind "latency": how long the answer is held back. The action itself runs at once, so a client that times
   * out leaves behind what it asked for, as a slow cloud does (with a failure fault, nothing runs).
   */
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** how many requests this fault may hit; unlimited when absent */
  count: z.number().int().positive().optional(),
  /** sent as `x-acs-retry-after` with throttling */
  retryAfterMs: z.number().int().positive().optional(),
});
export type Fault = z.infer<typeof faultSchema> & { hits: number };

/** The region a request names: a RegionId/UdmRegionId parameter, the HBR region header, or a regional Host. */
export function requestRegionOf(param: (name: string) => string | undefined, headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers["x-hbr-emulator-region"];
  const host = /^[a-z]+\.([a-z]+-[a-z0-9-]+)\.aliyuncs\.com/.exec(String(headers.host ?? ""))?.[1];
  return param("RegionId") || param("UdmRegionId") || (Array.isArray(header) ? header[0] : header) || host;
}

/** Faults injected through `POST /__emulator/faults`, matched per action and rate. */
export class Faults {
  private list: Fault[] = [];

  add(fault: z.infer<typeof faultSchema>) {
    this.list.push({ ...fault, hits: 0 });
  }

  clear() {
    this.list = [];
  }

  all() {
    return this.list;
  }

  /** The faults that fire for this request (latency first, then at most one failure). */
  pick(action: string, param: (name: string) => string | undefined = () => undefined, regionId?: string): { latencyMs: number; failure: Fault | null } {
    let latencyMs = 0;
    let failure: Fault | null = null;
    for (const fault of this.list) {
      if (fault.action && fault.action !== action) continue;
      if (fault.regionId && fault.regionId !== regionId) continue;
      if (fault.params && !Object.entries(fault.params).every(([name, value]) => param(name) === value)) continue;
      if (fault.count !== undefined && fault.hits >= fault.count) continue;
      if (Math.random() >= fault.rate) continue;
      if (fault.kind === "latency") {
        fault.hits++;
        latencyMs += fault.latencyMs ?? 1000;
      } else if (!failure) {
        fault.hits++;
        failure = fault;
      }
    }
    return { latencyMs, failure };
  }
}
