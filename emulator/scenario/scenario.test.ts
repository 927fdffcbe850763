import { describe, expect, it } from "vitest";
import { defaultScenario } from "./default-scenario.ts";
import { parseScenario } from "./schema.ts";

// The scenario's protection made outside the console (hbrPolicies, hbrBackupPlans) is checked like the rest of it.
describe("scenario: HBR protection made outside the console", () => {
  it("the default scenario declares a policy with two bindings and a backup plan on its own Hangzhou instances", () => {
    const scenario = parseScenario(defaultScenario(), "default");
    expect(scenario.hbrPolicies.map((p) => [p.regionId, p.policyName, p.bindings.map((b) => b.disabled)])).toEqual([["cn-hangzhou", "sales-it-daily", [false, true]]]);
    expect(scenario.hbrBackupPlans.map((p) => [p.planName, p.instanceId])).toEqual([["terraform-web-daily", "i-bp1demo000000012"]]);
  });

  it("refuses bindings outside a policy region, unknown or twice-bound instances, and plans on another region's instance", () => {
    const base = defaultScenario();
    const bad = {
      ...base,
      hbrPolicies: [
        { regionId: "cn-shanghai", policyName: "nope", interval: "P1D", retentionDays: 7, bindings: [{ instanceId: "i-uf6demo000000001" }] },
        { regionId: "cn-hangzhou", policyName: "twice", interval: "PT12H", retentionDays: 7, bindings: [{ instanceId: "i-bp1demo000000010" }, { instanceId: "i-bp1demo000000010" }, { instanceId: "i-nothere" }] },
      ],
      hbrBackupPlans: [{ regionId: "cn-hangzhou", planName: "elsewhere", instanceId: "i-uf6demo000000002", interval: "1 day", retentionDays: 7 }],
    };
    let message = "";
    try {
      parseScenario(bad, "bad.json");
    } catch (err) {
      message = (err as Error).message;
    }
    for (const line of [
      'hbrPolicies.0.regionId: "cn-shanghai" is not a declared region with policySupported',
      "hbrPolicies.1.bindings.1.instanceId: i-bp1demo000000010 is bound twice (one policy per instance)",
      "hbrPolicies.1.bindings.2.instanceId: i-nothere is not an instance of cn-hangzhou",
      "hbrBackupPlans.0.interval: an ISO 8601 interval such as P1D or PT12H",
      "hbrBackupPlans.0.instanceId: i-uf6demo000000002 is not an instance of cn-hangzhou",
    ])
      expect(message).toContain(line);
  });
});
