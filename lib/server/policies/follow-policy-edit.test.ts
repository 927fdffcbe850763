import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { updatePolicySchema } from "@/lib/schemas/policy";
import { getDb } from "@/lib/server/db/client";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { updatePolicy } from "@/lib/server/policies/save-policy";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

// A policy that a plan created, edited in Policy Center: the plan's saved schedule and RPO follow HBR's.

const world = setUpPlanWorld();
const SG = "ap-southeast-1";

describe("a plan follows an edit of the policy it created", () => {
  it("takes the new name, schedule, retention and replication, and its RPO cadence", async () => {
    const input = defaultPlanInput(SG);
    input.name = `follow-${Date.now()}`;
    input.backupObjects.instances = [{ instanceId: "i-t4ndemo000000013", protectAllDisks: true, diskIds: [] }];
    input.backupMode = {
      mode: "auto",
      schedule: { kind: "newPolicy", policyName: `follow-policy-${Date.now()}`, startTime: "2031-01-01T02:00:00Z", interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } },
    };
    const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
    const active = await untilPlan(plan.id, (p) => p.status === "active" && !!p.policyId);

    const edit = updatePolicySchema.parse({
      policyName: "follow-policy-renamed",
      startTime: "2031-02-01T03:00:00Z",
      interval: { value: 2, unit: "days" },
      retention: { value: 3, unit: "weeks" },
      replication: { enabled: true, destinationRegionId: "cn-hongkong", retention: { value: 30, unit: "days" } },
    });
    await updatePolicy({ db: getDb(), cloud: world.cloud }, SG, active.policyId!, edit, { id: world.admin.id });

    const row = await getDb().plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(createPlanSchema.parse(row.config).backupMode).toEqual({
      mode: "auto",
      schedule: { kind: "newPolicy", policyName: "follow-policy-renamed", startTime: "2031-02-01T03:00:00Z", interval: { value: 2, unit: "days" }, retention: { value: 3, unit: "weeks" } },
    });
    expect(row).toMatchObject({ replicationRegionId: "cn-hongkong", rpoIntervalS: 2 * 86_400, rpoStartAt: new Date("2031-02-01T03:00:00Z") });
    // 1.5 intervals after the new Start Time, with no success yet.
    expect(row.rpoDueAt).toEqual(new Date(Date.parse("2031-02-01T03:00:00Z") + 3 * 86_400_000));
    const audit = await getDb().auditEvent.findFirst({ where: { action: "policy.update", targetId: active.policyId! } });
    expect(audit?.after).toMatchObject({ followedPlanIds: [plan.id] });
  });
});
