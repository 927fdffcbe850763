import { beforeAll, describe, expect, it } from "vitest";
import {
  createPolicySchema,
  policyDetailSchema,
  policyFormValuesOf,
  policyUpdateResultSchema,
  retentionOfDays,
  updatePolicySchema,
  type PolicyFormInput,
} from "@/lib/schemas/policy";
import { getDb } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";
import { deletePolicy } from "@/lib/server/policies/delete-policy";
import { getPolicyOrThrow } from "@/lib/server/policies/get-policy";
import { createPolicy, updatePolicy } from "@/lib/server/policies/save-policy";
import { signedInUser } from "@/lib/server/testing/users";

// Policy Center against the real emulator (HBR + ECS over signed HTTP) and a real database for the audit log.

const kit = setUpInventoryEmulator();
let actor: { id: string };
beforeAll(async () => {
  actor = { id: (await signedInUser("admin")).id };
});
const deps = () => ({ db: getDb(), cloud: kit.cloud });
const SG = "ap-southeast-1";
const DEC_1_2030_0200 = Date.UTC(2030, 11, 1, 2) / 1000;

let counter = 0;
function form(patch: Partial<PolicyFormInput> = {}): PolicyFormInput {
  counter += 1;
  return {
    policyName: `pc-test-${counter}`,
    startTime: "2030-12-01T02:00:00Z",
    interval: { value: 1, unit: "days" },
    retention: { value: 7, unit: "days" },
    replication: { enabled: false },
    ...patch,
  };
}
const create = (input: PolicyFormInput, regionId = SG) => createPolicy(deps(), regionId, createPolicySchema.parse(input), actor);
const bind = (policyId: string, ...instanceIds: string[]) =>
  kit.cloud.hbr(SG).createPolicyBindings({ policyId, policyBindingList: instanceIds.map((dataSourceId) => ({ sourceType: "UDM_ECS" as const, dataSourceId })) });
const unbind = (policyId: string, ...instanceIds: string[]) => kit.cloud.hbr(SG).deletePolicyBinding({ policyId, sourceType: "UDM_ECS", dataSourceIds: instanceIds });
const auditOf = (policyId: string) => getDb().auditEvent.findMany({ where: { targetType: "policy", targetId: policyId }, orderBy: { at: "asc" } });

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("createPolicy", () => {
  it("creates a UDM_ECS_ONLY policy with a BACKUP rule from Start Time, Backup Interval and Retention Period and a REPLICATION rule, and audits it", async () => {
    const input = form({
      interval: { value: 6, unit: "hours" },
      retention: { value: 2, unit: "weeks" },
      replication: { enabled: true, destinationRegionId: "cn-hongkong", retention: { value: 1, unit: "months" } },
    });
    const created = policyDetailSchema.parse(await create(input));
    expect(created).toMatchObject({
      policyName: input.policyName,
      regionId: SG,
      policyType: "UDM_ECS_ONLY",
      schedule: `I|${DEC_1_2030_0200}|PT6H`,
      scheduleText: "Every 6 hours from 2030-12-01 02:00 UTC, keep 14 days, copy to cn-hongkong for 30 days",
      retentionDays: 14,
      replicationRegionId: "cn-hongkong",
      replicationRetentionDays: 30,
      bindingCount: 0,
      boundInstances: [],
      planId: null,
    });
    expect(created.policyId).toMatch(/^po-/);

    // In HBR itself, exactly what the form said.
    const { policies } = await kit.cloud.hbr(SG).describePoliciesV2({ policyId: created.policyId });
    expect(policies[0]!.rules).toEqual([
      expect.objectContaining({ ruleType: "BACKUP", schedule: `I|${DEC_1_2030_0200}|PT6H`, retention: 14, backupType: "COMPLETE", keepLatestSnapshots: 1, ruleId: expect.stringMatching(/^rule-/) }),
      expect.objectContaining({ ruleType: "REPLICATION", replicationRegionId: "cn-hongkong", retention: 30 }),
    ]);

    const [event] = await auditOf(created.policyId);
    expect(event).toMatchObject({ action: "policy.create", actorId: actor.id, after: { regionId: SG, policyName: input.policyName } });

    // The edit form opens with what was saved, its retentions in days: HBR keeps no unit (see retentionOfDays).
    expect(policyFormValuesOf(created, "2000-01-01T00:00:00Z")).toEqual({
      ...input,
      retention: { value: 14, unit: "days" },
      replication: { ...input.replication, retention: { value: 30, unit: "days" } },
    });
  });

  it("refuses a Destination Region that is the policy's own or does not exist, on the field, and creates nothing", async () => {
    const before = (await kit.cloud.hbr(SG).describePoliciesV2({ maxResults: 100 })).totalCount;
    const own = await refusal(create(form({ replication: { enabled: true, destinationRegionId: SG, retention: { value: 7, unit: "days" } } })));
    expect([own.code, Object.keys(own.fieldErrors)]).toEqual(["VALIDATION_FAILED", ["replication.destinationRegionId"]]);
    const unknown = await refusal(create(form({ replication: { enabled: true, destinationRegionId: "eu-nowhere-1", retention: { value: 7, unit: "days" } } })));
    expect(unknown.fieldErrors["replication.destinationRegionId"]).toEqual(["Region eu-nowhere-1 does not exist"]);
    expect((await kit.cloud.hbr(SG).describePoliciesV2({ maxResults: 100 })).totalCount).toBe(before);
  });

  it("refuses regions without backup policies (409, explaining the backup plan) and unknown regions (404)", async () => {
    const shanghai = await refusal(create(form(), "cn-shanghai"));
    expect(shanghai.code).toBe("CONFLICT");
    expect(shanghai.message).toContain("uses a backup plan per instance (Start Time + Backup Interval + Retention Period)");
    expect((await refusal(create(form(), "eu-nowhere-1"))).code).toBe("NOT_FOUND");
    expect((await refusal(getPolicyOrThrow(kit.cloud, "cn-shanghai", "po-000000000missing"))).code).toBe("NOT_FOUND");
  });

  it("turns a cloud outage into a 503 that keeps HBR's code and RequestId, never a 500", async () => {
    await kit.admin("faults", "POST", { action: "CreatePolicyV2", kind: "error5xx", rate: 1 });
    try {
      const err = await refusal(create(form()));
      expect(err.code).toBe("UNAVAILABLE");
      expect(err.message).toMatch(/ServiceUnavailable.*RequestId/);
    } finally {
      await kit.admin("faults", "DELETE");
    }
  });
});

describe("getPolicyOrThrow", () => {
  it("lists every bound instance with its ECS name and status, and whether its protection is paused", async () => {
    const { policyId } = await create(form());
    await bind(policyId, demo.sgMysql, demo.sgStopped);
    await kit.cloud.hbr(SG).updatePolicyBinding({ policyId, sourceType: "UDM_ECS", dataSourceId: demo.sgStopped, disabled: true });
    const policy = policyDetailSchema.parse(await getPolicyOrThrow(kit.cloud, SG, policyId));
    expect(policy.bindingCount).toBe(2);
    expect(policy.boundInstances).toEqual([
      { instanceId: demo.sgMysql, instanceName: expect.any(String), status: "Running", disabled: false, boundAt: expect.any(String) },
      { instanceId: demo.sgStopped, instanceName: expect.any(String), status: "Stopped", disabled: true, boundAt: expect.any(String) },
    ]);
    expect(policy.boundInstances[0]!.instanceName).not.toBe(demo.sgMysql);
    expect(policy.rules.map((r) => [r.ruleType, r.scheduleText, r.retentionDays])).toEqual([["BACKUP", "Every 1 day from 2030-12-01 02:00 UTC", 7]]);
    await unbind(policyId, demo.sgMysql, demo.sgStopped);
  });

  it("404s a policy that does not exist", async () => {
    const err = await refusal(getPolicyOrThrow(kit.cloud, SG, "po-000000000missing"));
    expect(err.code).toBe("NOT_FOUND");
    expect(err.message).toContain("po-000000000missing");
  });
});

describe("updatePolicy", () => {
  it("applies the new schedule to every bound instance and answers with them; rules the form does not manage are kept", async () => {
    const { policyId } = await create(form({ replication: { enabled: true, destinationRegionId: "cn-hongkong", retention: { value: 30, unit: "days" } } }));
    // A TRANSITION rule (overrides BACKUP's retention) and a TAG rule, as another tool might have added them.
    const hbr = kit.cloud.hbr(SG);
    const original = (await hbr.describePoliciesV2({ policyId })).policies[0]!.rules;
    await hbr.updatePolicyV2({ policyId, rules: [...original, { ruleType: "TRANSITION", retention: 10 }, { ruleType: "TAG" }] });
    const ruleIds = (await hbr.describePoliciesV2({ policyId })).policies[0]!.rules.map((r) => r.ruleId);
    await bind(policyId, demo.sgWin2019, demo.sgUbuntuNoScripts);

    const input = updatePolicySchema.parse({
      ...form({ interval: { value: 2, unit: "days" }, retention: { value: 3, unit: "weeks" } }),
      policyName: "renamed-policy",
      acknowledgedInstanceIds: [demo.sgUbuntuNoScripts, demo.sgWin2019],
    });
    const result = policyUpdateResultSchema.parse(await updatePolicy(deps(), SG, policyId, input, actor));
    expect(result.affectedInstances.map((i) => i.instanceId)).toEqual([demo.sgWin2019, demo.sgUbuntuNoScripts]);
    expect(result.policy).toMatchObject({ policyName: "renamed-policy", schedule: `I|${DEC_1_2030_0200}|P2D`, retentionDays: 21, replicationRegionId: null, bindingCount: 2 });

    const rules = (await hbr.describePoliciesV2({ policyId })).policies[0]!.rules;
    expect(rules.map((r) => [r.ruleType, r.retention ?? null])).toEqual([
      ["BACKUP", 21],
      ["TRANSITION", 21],
      ["TAG", null],
    ]);
    // The same rules, edited in place: HBR kept their ids (the REPLICATION rule went with Replication off).
    expect(rules.map((r) => r.ruleId)).toEqual([ruleIds[0], ruleIds[2], ruleIds[3]]);

    const update = (await auditOf(policyId)).find((e) => e.action === "policy.update");
    expect(update).toMatchObject({ actorId: actor.id, before: { policyName: expect.any(String) }, after: { policyName: "renamed-policy", affectedInstanceIds: [demo.sgWin2019, demo.sgUbuntuNoScripts] } });
    await unbind(policyId, demo.sgWin2019, demo.sgUbuntuNoScripts);
  });

  it("changes nothing and lists the instances bound now when the bindings differ from those the admin was shown", async () => {
    const input = form();
    const { policyId, schedule } = await create(input);
    await bind(policyId, demo.sgAlinuxMode755);
    const stale = updatePolicySchema.parse({ ...input, interval: { value: 12, unit: "hours" }, acknowledgedInstanceIds: [] });
    const err = await refusal(updatePolicy(deps(), SG, policyId, stale, actor));
    expect(err.code).toBe("CONFLICT");
    expect(err.fieldErrors.boundInstances).toEqual([expect.stringContaining(`(${demo.sgAlinuxMode755})`)]);
    expect((await getPolicyOrThrow(kit.cloud, SG, policyId)).schedule).toBe(schedule);
    expect((await auditOf(policyId)).map((e) => e.action)).toEqual(["policy.create"]);
    await unbind(policyId, demo.sgAlinuxMode755);
  });

  it("404s a missing policy and puts a bad Destination Region on its field", async () => {
    const missing = await refusal(updatePolicy(deps(), SG, "po-000000000missing", updatePolicySchema.parse(form()), actor));
    expect(missing.code).toBe("NOT_FOUND");
    const { policyId } = await create(form());
    const own = await refusal(
      updatePolicy(deps(), SG, policyId, updatePolicySchema.parse(form({ replication: { enabled: true, destinationRegionId: SG, retention: { value: 7, unit: "days" } } })), actor),
    );
    expect(Object.keys(own.fieldErrors)).toEqual(["replication.destinationRegionId"]);
  });
});

describe("deletePolicy", () => {
  it("refuses a policy that still protects instances with their list, then deletes it once they are unbound", async () => {
    const { policyId, policyName } = await create(form());
    await bind(policyId, demo.sgCentos76Admin, demo.sgCentos75);
    const err = await refusal(deletePolicy(deps(), SG, policyId, actor));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toContain(`${policyName} still protects 2 ECS instances`);
    expect(err.fieldErrors.boundInstances).toEqual([expect.stringContaining(`(${demo.sgCentos76Admin})`), expect.stringContaining(`(${demo.sgCentos75})`)]);
    expect((await getPolicyOrThrow(kit.cloud, SG, policyId)).bindingCount).toBe(2);

    await unbind(policyId, demo.sgCentos76Admin, demo.sgCentos75);
    await deletePolicy(deps(), SG, policyId, actor);
    expect((await kit.cloud.hbr(SG).describePoliciesV2({ policyId })).policies).toEqual([]);
    expect((await auditOf(policyId)).map((e) => [e.action, e.actorId])).toEqual([
      ["policy.create", actor.id],
      ["policy.delete", actor.id],
    ]);
    expect((await refusal(deletePolicy(deps(), SG, policyId, actor))).code).toBe("NOT_FOUND");
  });

  it("refuses a policy a protection plan still owns: deleting the plan removes it", async () => {
    const planId = `plan_policytest${counter}`;
    await getDb().plan.create({
      data: { id: planId, name: `owner-${counter}`, regionId: SG, mode: "auto", scheduleKind: "newPolicy", status: "failed", config: {}, appConsistent: false },
    });
    const { policyId } = await kit.cloud.hbr(SG).createPolicyV2({
      policyName: "plan-owned",
      policyDescription: `hbr-console:${planId}`,
      policyType: "UDM_ECS_ONLY",
      rules: [{ ruleType: "BACKUP", schedule: `I|${DEC_1_2030_0200}|P1D`, retention: 7 }],
    });
    expect((await getPolicyOrThrow(kit.cloud, SG, policyId)).planId).toBe(planId);
    const err = await refusal(deletePolicy(deps(), SG, policyId, actor));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toContain(`owner-${counter}`);
  });
});

describe("retentionOfDays", () => {
  it("keeps HBR's days as days: an entry of 14 days never comes back as 2 weeks", () => {
    expect([365, 30, 14, 10, 1].map(retentionOfDays)).toEqual([
      { value: 365, unit: "days" },
      { value: 30, unit: "days" },
      { value: 14, unit: "days" },
      { value: 10, unit: "days" },
      { value: 1, unit: "days" },
    ]);
  });

  it("opens the edit form of a policy saved with 14 days at 14 days", () => {
    const values = policyFormValuesOf(
      policyDetailSchema.parse({
        policyId: "po-1",
        policyName: "p",
        scheduleText: "",
        schedule: null,
        retentionDays: 14,
        replicationRegionId: "cn-hongkong",
        replicationRetentionDays: 30,
        bindingCount: 0,
        regionId: "ap-southeast-1",
        policyDescription: "",
        policyType: "STANDARD",
        planId: null,
        createdAt: null,
        updatedAt: null,
        rules: [],
        boundInstances: [],
      }),
      "2031-01-01T02:00:00Z",
    );
    expect(values.retention).toEqual({ value: 14, unit: "days" });
    expect(values.replication).toMatchObject({ retention: { value: 30, unit: "days" } });
  });
});
