import { describe, expect, it } from "vitest";
import { policyListSchema } from "@/lib/schemas/policy";
import type { HbrPolicyRule } from "@/lib/server/cloud/hbr/hbr-models";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";
import { describeSchedule, listPolicies } from "@/lib/server/policies/list-policies";

const kit = setUpInventoryEmulator();

const DEC_1_2026_0200 = Date.UTC(2026, 11, 1, 2) / 1000;

describe("describeSchedule", () => {
  it("puts HBR's interval schedules in words", () => {
    expect(describeSchedule(`I|${DEC_1_2026_0200}|P1D`)).toBe("Every 1 day from 2026-12-01 02:00 UTC");
    expect(describeSchedule(`I|${DEC_1_2026_0200 + 30}|PT6H`)).toBe("Every 6 hours from 2026-12-01 02:00:30 UTC");
    expect(describeSchedule(`I|${DEC_1_2026_0200}|P2W`)).toBe("Every 2 weeks from 2026-12-01 02:00 UTC");
    expect(describeSchedule("garbage")).toBe("garbage");
  });
});

describe("listPolicies", () => {
  it("lists every policy of the region across pages, with schedule, retention, replication and bindings", async () => {
    const hbr = kit.cloud.hbr("ap-southeast-1");
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      const rules: HbrPolicyRule[] = [{ ruleType: "BACKUP", schedule: `I|${DEC_1_2026_0200}|P1D`, retention: 7, backupType: "COMPLETE" }];
      if (i === 0) rules.push({ ruleType: "REPLICATION", replicationRegionId: "cn-hongkong", retention: 30 });
      created.push((await hbr.createPolicyV2({ policyName: `inventory-${i}`, policyType: "UDM_ECS_ONLY", rules })).policyId);
    }
    await hbr.createPolicyBindings({ policyId: created[0]!, policyBindingList: [{ sourceType: "UDM_ECS", dataSourceId: demo.sgMysql }] });

    const policies = policyListSchema.parse({ policies: await listPolicies(kit.cloud, "ap-southeast-1") }).policies;
    expect(policies.map((p) => p.policyId).sort()).toEqual([...created].sort());
    expect(policies.find((p) => p.policyId === created[0])).toEqual({
      policyId: created[0],
      policyName: "inventory-0",
      scheduleText: "Every 1 day from 2026-12-01 02:00 UTC, keep 7 days, copy to cn-hongkong for 30 days",
      schedule: `I|${DEC_1_2026_0200}|P1D`,
      retentionDays: 7,
      replicationRegionId: "cn-hongkong",
      bindingCount: 1,
    });
    expect(policies.find((p) => p.policyId === created[1])).toMatchObject({ replicationRegionId: null, bindingCount: 0 });
  });

  it("is empty where HBR offers no policies, and 404s an unknown region", async () => {
    expect(await listPolicies(kit.cloud, "cn-shanghai")).toEqual([]);
    await expect(listPolicies(kit.cloud, "eu-nowhere-1")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
