import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { defaultPlanInput, type CreatePlanInput, type PlanDetail } from "@/lib/schemas/plan";
import { expect, test } from "../fixtures";

// Downloads of a plan: Terraform and the jobs as CSV. Shanghai has no backup policies, so a scheduled plan there is
// one legacy backup plan per instance, which binds nothing: instance 1 (sh-oracle) is otherwise only used by
// plans that are refused, so these plans share it with no other spec.
const REGION = "cn-shanghai";
const INSTANCE = "i-uf6demo000000001";
const CSV_HEADER = "Job ID,Instance ID,Status,Progress (%),Bytes done,Bytes total,Consistency level,Downgrade reason,Snapshot IDs,Replica region,Created at (UTC),Completed at (UTC)";
const START = "2031-03-01T02:00:00Z";

function planInput(tag: string): CreatePlanInput {
  const input = defaultPlanInput(REGION);
  input.name = `api-export-${tag}-${randomUUID().slice(0, 8)}`;
  input.backupObjects.instances = [{ instanceId: INSTANCE, protectAllDisks: true, diskIds: [] }];
  return input;
}

async function createPlan(api: APIRequestContext, input: CreatePlanInput): Promise<PlanDetail> {
  const res = await api.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as PlanDetail;
}

const terraformOf = (id: string) => `/api/plans/${id}/export/terraform`;
const jobsCsvOf = (id: string) => `/api/plans/${id}/export/jobs`;

test.describe("plan exports", () => {
  test("a scheduled plan downloads as Terraform and its jobs as CSV, for admins and viewers", async ({ adminApi, makeUser, apiAs }) => {
    const input = planInput("tf");
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: START, interval: { value: 6, unit: "hours" }, retention: { value: 2, unit: "weeks" } } };
    const plan = await createPlan(adminApi, input);

    const tf = await adminApi.get(terraformOf(plan.id));
    expect(tf.status(), await tf.text()).toBe(200);
    expect(tf.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    expect(tf.headers()["content-disposition"]).toContain(`attachment; filename="${input.name}.tf"`);
    const hcl = await tf.text();
    expect(hcl).toContain(`# Protection plan "${input.name}" (${plan.id}) in ${REGION}`);
    expect(hcl).toContain(`region = "${REGION}"`);
    expect(hcl).toContain(`resource "alicloud_hbr_server_backup_plan"`);
    expect(hcl).toContain(`instance_id                 = "${INSTANCE}"`);
    expect(hcl).toContain(`schedule                    = "I|${Date.parse(START) / 1000}|PT6H"`);
    expect(hcl).toContain("retention                   = 14");

    const csv = await adminApi.get(jobsCsvOf(plan.id));
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers()["content-disposition"]).toContain(`attachment; filename="${input.name}-jobs.csv"`);
    expect((await csv.text()).split("\r\n")[0]).toBe(CSV_HEADER);

    const viewer = await apiAs(await makeUser("viewer"));
    const viewerTf = await viewer.get(terraformOf(plan.id));
    expect(viewerTf.status()).toBe(200);
    expect(await viewerTf.text()).toContain(INSTANCE);
    expect((await viewer.get(jobsCsvOf(plan.id))).status()).toBe(200);

    expect((await adminApi.delete(`/api/plans/${plan.id}`)).status()).toBe(202);
  });

  test("a Manual Backup plan's Terraform only lists its job, and the CSV has a row for it", async ({ adminApi }) => {
    const plan = await createPlan(adminApi, planInput("manual"));
    let jobId = "";
    await expect
      .poll(async () => {
        const detail = (await (await adminApi.get(`/api/plans/${plan.id}`)).json()) as PlanDetail;
        jobId = detail.jobs[0]?.jobId ?? "";
        return detail.status === "active" && jobId !== "";
      }, { timeout: 30_000 })
      .toBe(true);

    const hcl = await (await adminApi.get(terraformOf(plan.id))).text();
    expect(hcl).toContain("Terraform has no resource for a one-off backup job");
    expect(hcl).toContain(`#   ${jobId}  ${INSTANCE}  `);
    expect(hcl).not.toMatch(/^(resource|provider) /m);

    const rows = (await (await adminApi.get(jobsCsvOf(plan.id))).text()).split("\r\n");
    expect(rows[0]).toBe(CSV_HEADER);
    expect(rows.find((r) => r.startsWith(`${jobId},`))).toMatch(new RegExp(`^${jobId},${INSTANCE},[A-Z_]+,`));

    expect((await adminApi.delete(`/api/plans/${plan.id}`)).status()).toBe(202);
  });

  test("anonymous callers get 401; a missing plan is a 404 and a malformed id a 422", async ({ adminApi, anonApi }) => {
    for (const url of [terraformOf("plan_0000000000000000"), jobsCsvOf("plan_0000000000000000")]) {
      expect((await anonApi.get(url)).status(), url).toBe(401);
      const missing = await adminApi.get(url);
      expect(missing.status(), url).toBe(404);
      expect((await missing.json()).error.code).toBe("NOT_FOUND");
    }
    expect((await adminApi.get(terraformOf("not-a-plan"))).status()).toBe(422);
    expect((await adminApi.get(jobsCsvOf("not-a-plan"))).status()).toBe(422);
  });
});
