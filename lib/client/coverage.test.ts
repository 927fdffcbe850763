import { describe, expect, it } from "vitest";
import { coverageHref, protectHref } from "@/lib/client/coverage";
import { preselectedInstancesSchema } from "@/lib/schemas/coverage";

describe("coverage links", () => {
  it("Protect's wizard link carries the region and ids the wizard page parses back", () => {
    const href = protectHref("cn-shanghai", ["i-uf6demo000000001", "i-uf6demo000000002"]);
    expect(href).toBe("/plans/new?region=cn-shanghai&instances=i-uf6demo000000001%2Ci-uf6demo000000002");
    const params = new URL(href, "http://x").searchParams;
    expect(params.get("region")).toBe("cn-shanghai");
    expect(preselectedInstancesSchema.parse(params.get("instances"))).toEqual(["i-uf6demo000000001", "i-uf6demo000000002"]);
  });

  it("the dashboard's card links keep the console's region and leave out filters not set", () => {
    expect(coverageHref({ state: "unprotected", regionId: "cn-hangzhou" }, "cn-hangzhou")).toBe("/coverage?state=unprotected&regionId=cn-hangzhou&region=cn-hangzhou");
    expect(coverageHref({ regionId: "cn-hangzhou" }, "cn-hangzhou")).toBe("/coverage?regionId=cn-hangzhou&region=cn-hangzhou");
    expect(coverageHref({})).toBe("/coverage");
  });
});
