import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { consistencyAckRequired, defaultPlanInput, MAX_INSTANCES_PER_PLAN, type CreatePlanInput, type PlanDetail } from "@/lib/schemas/plan";
import { hbr } from "../fixtures/cloud";
import { expect, test } from "../fixtures";

// These API tests bind Hangzhou instances 5–7 to policies (the UI flows bind hz-ubuntu-web-1/2 and Singapore,
// Hong Kong instances) and make only manual or refused plans in Shanghai.
const HZ = ["i-bp1demo000000005", "i-bp1demo000000006", "i-bp1demo000000007"];
const future = () => new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const uniqueName = (tag: string) => `api-${tag}-${randomUUID().slice(0, 8)}`;

function manual(regionId: string, instanceIds: string[], tag: string): CreatePlanInput {
  const p = defaultPlanInput(regionId);
  p.name = uniqueName(tag);
  p.backupObjects.instances = instanceIds.map((instanceId) => ({ instanceId, protectAllDisks: true, diskIds: [] }));
  return p;
}

async function waitForStatus(api: APIRequestContext, id: string, status: string): Promise<PlanDetail> {
  let plan: PlanDetail | undefined;
  await expect
    .poll(async () => {
      plan = (await (await api.get(`/api/plans/${id}`)).json()) as PlanDetail;
      return plan.status;
    }, { timeout: 20_000 })
    .toBe(status);
  return plan!;
}

test.describe("plans API", () => {
  test("an Auto Backup plan with a new policy is saved, provisioned, and exists in HBR", async ({ adminApi }) => {
    const input = manual("cn-hangzhou", [HZ[0]!], "policy");
    input.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: uniqueName("pol"), startTime: future(), interval: { value: 12, unit: "hours" }, retention: { value: 3, unit: "months" } } };
    const res = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
    expect(res.status(), await res.text()).toBe(201);
    const saved = (await res.json()) as PlanDetail;
    expect(saved).toMatchObject({ name: input.name, status: "pending", mode: "auto", scheduleKind: "newPolicy", instanceCount: 1 });

    const active = await waitForStatus(adminApi, saved.id, "active");
    const policies = await hbr("cn-hangzhou")("DescribePoliciesV2", { PolicyId: active.policyId });
    expect(policies.Policies[0].Rules.find((r: { RuleType: string }) => r.RuleType === "BACKUP")).toMatchObject({ Retention: 90 });
    const bindings = await hbr("cn-hangzhou")("DescribePolicyBindings", { PolicyId: active.policyId, MaxResults: 100 });
    expect(bindings.PolicyBindings.map((b: { DataSourceId: string }) => b.DataSourceId)).toEqual([HZ[0]]);
  });

  test("the same Idempotency-Key and body return the same plan; a different body with it is a 409", async ({ adminApi }) => {
    const input = manual("cn-shanghai", ["i-uf6demo000000003"], "idem");
    const key = randomUUID();
    const first = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": key } });
    const again = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": key } });
    expect(first.status()).toBe(201);
    expect(again.status()).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);
    const list = await (await adminApi.get(`/api/plans?q=${input.name}`)).json();
    expect(list.total).toBe(1);
    const other = await adminApi.post("/api/plans", { data: { ...input, name: `${input.name}-2` }, headers: { "idempotency-key": key } });
    expect(other.status()).toBe(409);
    const bad = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": "x" } });
    expect(bad.status()).toBe(400);
  });

  test("every input rule is a 422 with the field's path", async ({ adminApi }) => {
    const cases: { name: string; input: (p: CreatePlanInput) => void; field: string; message?: RegExp }[] = [
      { name: "no instance", input: (p) => (p.backupObjects.instances = []), field: "backupObjects.instances", message: /at least one ECS instance/ },
      {
        name: "100 instances",
        input: (p) => (p.backupObjects.instances = Array.from({ length: MAX_INSTANCES_PER_PLAN + 1 }, (_, i) => ({ instanceId: `i-x${i}`, protectAllDisks: true, diskIds: [] }))),
        field: "backupObjects.instances",
        message: /up to 99 ECS instances/,
      },
      { name: "no disk with Protect All Disks off", input: (p) => (p.backupObjects.instances[0]!.protectAllDisks = false), field: "backupObjects.instances.0.diskIds" },
      {
        name: "app-consistent with two instances",
        input: (p) => {
          p.backupObjects.instances.push({ instanceId: HZ[2]!, protectAllDisks: true, diskIds: [] });
          p.appConsistency.enabled = true;
        },
        field: "appConsistency.enabled",
        message: /exactly one ECS instance/,
      },
      { name: "replication without destination", input: (p) => (p.replication = { enabled: true, retention: { value: 7, unit: "days" } }), field: "replication.destinationRegionId" },
      { name: "replication to its own region", input: (p) => (p.replication = { enabled: true, destinationRegionId: "cn-shanghai", retention: { value: 7, unit: "days" } }), field: "replication.destinationRegionId" },
      { name: "retention zero", input: (p) => (p.backupMode = { mode: "manual", retention: { value: 0, unit: "days" } }), field: "backupMode.retention.value" },
      { name: "bad start time", input: (p) => (p.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: "tomorrow", interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } }), field: "backupMode.schedule.startTime" },
      { name: "empty name", input: (p) => (p.name = ""), field: "name" },
    ];
    for (const c of cases) {
      const input = manual("cn-shanghai", ["i-uf6demo000000004"], "rule");
      c.input(input);
      const res = await adminApi.post("/api/plans", { data: input });
      expect(res.status(), c.name).toBe(422);
      const { error } = await res.json();
      expect(Object.keys(error.fieldErrors), c.name).toContain(c.field);
      if (c.message) expect(error.fieldErrors[c.field].join(" "), c.name).toMatch(c.message);
    }
  });

  test("live facts are checked against the region: unknown instances, foreign disks, policies where there are none", async ({ adminApi }) => {
    const input = manual("cn-shanghai", ["i-nosuchinstance01", "i-uf6demo000000005"], "live");
    input.backupObjects.instances[1] = { instanceId: "i-uf6demo000000005", protectAllDisks: false, diskIds: ["d-bp1demo000000002s"] };
    input.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: "nope", startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    const res = await adminApi.post("/api/plans", { data: input });
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["backupMode.schedule.kind", "backupObjects.instances.0.instanceId", "backupObjects.instances.1.diskIds"]);

    const appInShanghai = manual("cn-shanghai", ["i-uf6demo000000001"], "app");
    appInShanghai.appConsistency.enabled = true;
    const app = await adminApi.post("/api/plans", { data: appInShanghai });
    expect(app.status()).toBe(422);
    expect((await app.json()).error.fieldErrors["appConsistency.enabled"][0]).toMatch(/Singapore and China \(Hong Kong\)/);
  });

  test("Application Consistent Backup predicted below APPLICATION needs acknowledgedConsistency (422 on that field without it)", async ({ adminApi }) => {
    // sg-centos76-app: its scripts are owned by admin, not root, so the live checklist predicts FILE_SYSTEM.
    const found = await (await adminApi.get("/api/regions/ap-southeast-1/instances?q=sg-centos76-app")).json();
    const instanceId = found.instances.find((i: { instanceName: string }) => i.instanceName === "sg-centos76-app").instanceId as string;
    const prerequisites = await (await adminApi.get(`/api/regions/ap-southeast-1/instances/${instanceId}/prerequisites`)).json();
    expect(prerequisites.predicted.level).toBe("FILE_SYSTEM");
    expect(consistencyAckRequired(true, prerequisites.predicted.level)).toBe(true);

    const input = manual("ap-southeast-1", [instanceId], "ack");
    input.appConsistency.enabled = true;
    delete input.acknowledgedConsistency; // an API client that does not know the field
    const refused = await adminApi.post("/api/plans", { data: input });
    expect(refused.status()).toBe(422);
    const { error } = await refused.json();
    expect(Object.keys(error.fieldErrors)).toEqual(["acknowledgedConsistency"]);
    expect(error.fieldErrors.acknowledgedConsistency[0]).toMatch(/sg-centos76-app will get a file-system-consistent backup, not an application-consistent one/);
    expect((await adminApi.post("/api/plans", { data: { ...input, acknowledgedConsistency: false } })).status()).toBe(422);
    expect((await (await adminApi.get(`/api/plans?q=${input.name}`)).json()).total).toBe(0);

    const accepted = await adminApi.post("/api/plans", { data: { ...input, acknowledgedConsistency: true } });
    expect(accepted.status(), await accepted.text()).toBe(201);
    const saved = (await accepted.json()) as PlanDetail;
    expect(saved).toMatchObject({ appConsistent: true, config: { acknowledgedConsistency: true } });
    await waitForStatus(adminApi, saved.id, "active");
    expect((await adminApi.delete(`/api/plans/${saved.id}`)).status()).toBe(202);
  });

  test("the RPO of a plan whose Start Time is in the past counts from its first run after it was made", async ({ adminApi }) => {
    // 20:00 UTC three days ago, every 6 hours: HBR's next run is the first at or after now, never a missed one.
    const start = new Date(Date.now() - 3 * 86_400_000);
    start.setUTCHours(20, 0, 0, 0);
    const input = manual("cn-shanghai", ["i-uf6demo000000005"], "rpo");
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: start.toISOString().replace(/\.\d{3}Z$/, "Z"), interval: { value: 6, unit: "hours" }, retention: { value: 7, unit: "days" } } };
    const before = Date.now();
    const res = await adminApi.post("/api/plans", { data: input });
    expect(res.status(), await res.text()).toBe(201);
    const saved = (await res.json()) as PlanDetail;
    const sixHours = 6 * 3_600_000;
    const firstRun = start.getTime() + Math.ceil((before - start.getTime()) / sixHours) * sixHours;
    // Due 1.5 intervals after that first run (not after the Start Time, which is long gone), and not breached.
    expect(Date.parse(saved.rpoDueAt!)).toBeGreaterThanOrEqual(firstRun + 1.5 * sixHours);
    expect(Date.parse(saved.rpoDueAt!)).toBeLessThanOrEqual(firstRun + sixHours + 1.5 * sixHours);
    const active = await waitForStatus(adminApi, saved.id, "active");
    expect(active.rpoBreached).toBe(false);
    expect((await adminApi.delete(`/api/plans/${saved.id}`)).status()).toBe(202);
  });

  test("an instance already bound to a policy cannot be bound to a second one", async ({ adminApi }) => {
    const first = manual("cn-hangzhou", [HZ[1]!], "bind1");
    first.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: uniqueName("p1"), startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    const created = await adminApi.post("/api/plans", { data: first });
    expect(created.status()).toBe(201);
    const second = { ...first, name: uniqueName("bind2"), backupMode: { ...first.backupMode } };
    const res = await adminApi.post("/api/plans", { data: second });
    expect(res.status()).toBe(422);
    expect((await res.json()).error.fieldErrors["backupObjects.instances.0.instanceId"][0]).toMatch(/bound/);
  });

  test("a plan name is unique per region (409 on the name)", async ({ adminApi }) => {
    const input = manual("cn-shanghai", ["i-uf6demo000000006"], "dup");
    expect((await adminApi.post("/api/plans", { data: input })).status()).toBe(201);
    const again = await adminApi.post("/api/plans", { data: input });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.fieldErrors).toEqual({ name: ["A plan with this name already exists in this region"] });
  });

  test("reads: list with filters, detail, 404 for an unknown plan, 422 for a malformed id", async ({ adminApi }) => {
    const input = manual("cn-shanghai", ["i-uf6demo000000002"], "read");
    const saved = (await (await adminApi.post("/api/plans", { data: input })).json()) as PlanDetail;
    const list = await (await adminApi.get(`/api/plans?regionId=cn-shanghai&mode=manual&q=${input.name}&sort=name&order=asc`)).json();
    expect(list.plans.map((p: PlanDetail) => p.id)).toEqual([saved.id]);
    expect((await adminApi.get("/api/plans/plan_0000000000000000")).status()).toBe(404);
    expect((await adminApi.get("/api/plans/not-a-plan")).status()).toBe(422);
    expect((await adminApi.get("/api/plans?pageSize=1000")).status()).toBe(422);
    expect((await adminApi.get("/api/plans?appConsistent=maybe")).status()).toBe(422);
    // Filters on Application Consistent Backup and Replication to Other Region.
    const off = await (await adminApi.get(`/api/plans?q=${input.name}&appConsistent=false&replication=false`)).json();
    expect(off.plans.map((p: PlanDetail) => p.id)).toEqual([saved.id]);
    const on = await (await adminApi.get(`/api/plans?q=${input.name}&appConsistent=true`)).json();
    expect(on.total).toBe(0);
    const replicated = await (await adminApi.get(`/api/plans?q=${input.name}&replication=true`)).json();
    expect(replicated.total).toBe(0);
  });

  test("viewers read plans but get 403 from every plan mutation; anonymous callers get 401", async ({ adminApi, makeUser, apiAs, anonApi }) => {
    const saved = (await (await adminApi.post("/api/plans", { data: manual("cn-shanghai", ["i-uf6demo000000007"], "rbac") })).json()) as PlanDetail;
    const viewer = await apiAs(await makeUser("viewer"));
    expect((await viewer.get(`/api/plans/${saved.id}`)).status()).toBe(200);
    expect((await viewer.post("/api/plans", { data: manual("cn-shanghai", ["i-uf6demo000000007"], "v") })).status()).toBe(403);
    expect((await viewer.delete(`/api/plans/${saved.id}`)).status()).toBe(403);
    expect((await viewer.post(`/api/plans/${saved.id}/retry`)).status()).toBe(403);
    expect((await anonApi.get("/api/plans")).status()).toBe(401);
    expect((await anonApi.post("/api/plans", { data: {} })).status()).toBe(401);
  });

  test("retry is refused unless the plan failed; delete removes the plan and its HBR resources", async ({ adminApi }) => {
    const input = manual("cn-hangzhou", [HZ[2]!], "del");
    input.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: uniqueName("pdel"), startTime: future(), interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    const saved = (await (await adminApi.post("/api/plans", { data: input })).json()) as PlanDetail;
    const active = await waitForStatus(adminApi, saved.id, "active");
    expect((await adminApi.post(`/api/plans/${saved.id}/retry`)).status()).toBe(409);
    const del = await adminApi.delete(`/api/plans/${saved.id}`);
    expect(del.status()).toBe(202);
    expect((await del.json()).status).toBe("deleting");
    await expect.poll(async () => (await adminApi.get(`/api/plans/${saved.id}`)).status(), { timeout: 20_000 }).toBe(404);
    const policies = await hbr("cn-hangzhou")("DescribePoliciesV2", { MaxResults: 100 });
    expect(policies.Policies.some((p: { PolicyId: string }) => p.PolicyId === active.policyId)).toBe(false);
  });
});
