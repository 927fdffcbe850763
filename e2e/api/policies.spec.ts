import { randomBytes } from "node:crypto";
import { hbr } from "../fixtures/cloud";
import { expect, test } from "../fixtures";
import { policyDetailSchema, policyUpdateResultSchema, type PolicyFormInput } from "@/lib/schemas/policy";

// Policy Center over HTTP: the answers to bad input (422 on the fields, never 500), to missing policies and
// regions (404), to regions without policies (409), to viewers (403), and a whole create → edit → delete round.
// No instance is bound here: sg-policy-app-1/2 belong to e2e/ui/policy-center.spec.ts, which runs alongside.
const SG = "ap-southeast-1";
const base = `/api/regions/${SG}/policies`;
const missing = `${base}/po-000000000missing`;

const input = (patch: Partial<PolicyFormInput> = {}): PolicyFormInput => ({
  policyName: `pc-api-${randomBytes(3).toString("hex")}`,
  startTime: "2031-03-01T01:30:00Z",
  interval: { value: 12, unit: "hours" },
  retention: { value: 1, unit: "years" },
  replication: { enabled: false },
  ...patch,
});

test.describe("Policy Center API", () => {
  test("bad input is a 422 with every field named, never a 500", async ({ adminApi }) => {
    const res = await adminApi.post(base, {
      data: { policyName: "", startTime: "tomorrow", interval: { value: 0, unit: "days" }, retention: { value: 1.5, unit: "days" }, replication: { enabled: true } },
    });
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["interval.value", "policyName", "replication.destinationRegionId", "replication.retention", "retention.value", "startTime"]);

    const own = await adminApi.post(base, { data: input({ replication: { enabled: true, destinationRegionId: SG, retention: { value: 7, unit: "days" } } }) });
    expect(own.status()).toBe(422);
    expect(Object.keys((await own.json()).error.fieldErrors)).toEqual(["replication.destinationRegionId"]);

    const put = await adminApi.put(missing, { data: { ...input(), acknowledgedInstanceIds: ["not-an-instance"] } });
    expect(put.status()).toBe(422);
    expect(Object.keys((await put.json()).error.fieldErrors)).toEqual(["acknowledgedInstanceIds.0"]);
    expect((await adminApi.get(`/api/regions/${SG}/policies/not-a-policy`)).status()).toBe(422);
  });

  test("missing policies and regions are 404; a region without policies refuses a create with 409", async ({ adminApi }) => {
    expect((await adminApi.get(missing)).status()).toBe(404);
    expect((await adminApi.put(missing, { data: input() })).status()).toBe(404);
    expect((await adminApi.delete(missing)).status()).toBe(404);
    expect((await adminApi.get("/api/regions/eu-nowhere-1/policies/po-000000000missing")).status()).toBe(404);
    const shanghai = await adminApi.post("/api/regions/cn-shanghai/policies", { data: input() });
    expect(shanghai.status()).toBe(409);
    expect((await shanghai.json()).error.message).toContain("uses a backup plan per instance");
  });

  test("viewers read policies but cannot create, change or delete them", async ({ adminApi, makeUser, apiAs }) => {
    const created = policyDetailSchema.parse(await (await adminApi.post(base, { data: input() })).json());
    const viewer = await apiAs(await makeUser("viewer"));
    const url = `${base}/${created.policyId}`;
    expect((await viewer.get(url)).status()).toBe(200);
    expect((await viewer.post(base, { data: input() })).status()).toBe(403);
    expect((await viewer.put(url, { data: input() })).status()).toBe(403);
    expect((await viewer.delete(url)).status()).toBe(403);
    expect((await adminApi.delete(url)).status()).toBe(204);
  });

  test("create → read → edit (refused while the acknowledged bindings differ) → delete, as HBR sees it", async ({ adminApi }) => {
    const create = await adminApi.post(base, { data: input({ replication: { enabled: true, destinationRegionId: "cn-hangzhou", retention: { value: 2, unit: "weeks" } } }) });
    expect(create.status(), await create.text()).toBe(201);
    const policy = policyDetailSchema.parse(await create.json());
    expect(policy).toMatchObject({ retentionDays: 365, replicationRegionId: "cn-hangzhou", replicationRetentionDays: 14, bindingCount: 0, boundInstances: [] });
    const url = `${base}/${policy.policyId}`;
    expect(policyDetailSchema.parse(await (await adminApi.get(url)).json())).toEqual(policy);

    // The admin was shown an instance that is not bound: nothing changes, and the 409 lists what is bound (none).
    const stale = await adminApi.put(url, { data: { ...input(), acknowledgedInstanceIds: ["i-t4ndemo000000001"] } });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).error.fieldErrors).toEqual({ boundInstances: [] });

    const edited = await adminApi.put(url, { data: { ...input({ policyName: `${policy.policyName}-v2` }), acknowledgedInstanceIds: [] } });
    expect(edited.status(), await edited.text()).toBe(200);
    const result = policyUpdateResultSchema.parse(await edited.json());
    expect(result.affectedInstances).toEqual([]);
    expect(result.policy).toMatchObject({ policyName: `${policy.policyName}-v2`, replicationRegionId: null, schedule: `I|${Date.UTC(2031, 2, 1, 1, 30) / 1000}|PT12H` });
    const inHbr = await hbr(SG)("DescribePoliciesV2", { PolicyId: policy.policyId });
    expect(inHbr.Policies[0].Rules.map((r: { RuleType: string }) => r.RuleType)).toEqual(["BACKUP"]);

    expect((await adminApi.delete(url)).status()).toBe(204);
    expect((await adminApi.get(url)).status()).toBe(404);
    const audit = await (await adminApi.get(`/api/audit?targetType=policy&targetId=${policy.policyId}`)).json();
    expect(audit.events.map((e: { action: string }) => e.action).sort()).toEqual(["policy.create", "policy.delete", "policy.update"]);
  });
});
