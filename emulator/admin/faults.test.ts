import { describe, expect, it } from "vitest";
import { Faults, faultSchema, requestRegionOf } from "./faults.ts";

describe("fault region filter", () => {
  it("hits only requests for its region, however the request names it", () => {
    const faults = new Faults();
    faults.add(faultSchema.parse({ action: "DescribePoliciesV2", kind: "error5xx", regionId: "cn-hangzhou" }));
    const params = (values: Record<string, string>) => (name: string) => values[name];
    const none = params({});
    expect(requestRegionOf(params({ RegionId: "cn-hangzhou" }), {})).toBe("cn-hangzhou");
    expect(requestRegionOf(params({ UdmRegionId: "cn-hangzhou" }), {})).toBe("cn-hangzhou");
    expect(requestRegionOf(none, { "x-hbr-emulator-region": "cn-hangzhou" })).toBe("cn-hangzhou");
    expect(requestRegionOf(none, { host: "hbr.cn-hangzhou.aliyuncs.com" })).toBe("cn-hangzhou");
    expect(requestRegionOf(none, { host: "127.0.0.1:8787" })).toBeUndefined();

    expect(faults.pick("DescribePoliciesV2", none, "cn-hangzhou").failure?.kind).toBe("error5xx");
    expect(faults.pick("DescribePoliciesV2", none, "ap-southeast-1").failure).toBeNull();
    expect(faults.pick("DescribePoliciesV2", none, undefined).failure).toBeNull();
    // Without a region filter a fault hits every region, as before.
    faults.clear();
    faults.add(faultSchema.parse({ action: "DescribePoliciesV2", kind: "error5xx" }));
    expect(faults.pick("DescribePoliciesV2", none, "ap-southeast-1").failure?.kind).toBe("error5xx");
  });
});
