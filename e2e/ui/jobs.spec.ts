import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { APIRequestContext } from "@playwright/test";
import { admin } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { JobsPage } from "../pages/jobs.page";
import { defaultPlanInput, type PlanDetail } from "@/lib/schemas/plan";

/** A Manual Backup plan of one instance (its provisioning starts one backup job), created through the API. */
async function createManualPlan(adminApi: APIRequestContext, regionId: string, instanceName: string, name: string): Promise<PlanDetail> {
  const list = await adminApi.get(`/api/regions/${regionId}/instances?q=${instanceName}`);
  expect(list.status()).toBe(200);
  const { instances } = (await list.json()) as { instances: { instanceId: string; instanceName: string }[] };
  const instance = instances.find((i) => i.instanceName === instanceName)!;
  const input = { ...defaultPlanInput(regionId), name, backupObjects: { instances: [{ instanceId: instance.instanceId, protectAllDisks: true, diskIds: [] }] } };
  const res = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as PlanDetail;
}

test.describe("Jobs page", () => {
  test("lists a plan's backup job with filters kept in the URL, links to the plan, and exports CSV with a header row", async ({ page, adminApi, visit }) => {
    test.setTimeout(90_000);
    const name = `ui-jobs-${randomBytes(3).toString("hex")}`;
    const plan = await createManualPlan(adminApi, "cn-shanghai", "sh-win-2016", name);
    let jobId = "";
    await expect
      .poll(async () => {
        const res = await adminApi.get(`/api/jobs?planId=${plan.id}`);
        const body = (await res.json()) as { jobs: { jobId: string }[] };
        jobId = body.jobs[0]?.jobId ?? "";
        return jobId;
      }, { timeout: 60_000 })
      .not.toBe("");

    await signInPage(page, admin);
    await visit("/jobs");
    const jobs = new JobsPage(page);
    await expect(jobs.heading()).toBeVisible();
    await jobs.planFilter().fill(plan.id);
    await expect(page).toHaveURL(new RegExp(`planId=${plan.id}`));
    await expect(jobs.row(jobId)).toBeVisible();
    await expect(jobs.row(jobId)).toContainText(name);

    await jobs.statusFilter().selectOption("FAILED");
    await expect(page).toHaveURL(/status=FAILED/);
    await expect(jobs.row(jobId)).toHaveCount(0);
    await page.reload();
    await expect(jobs.statusFilter()).toHaveValue("FAILED");
    await expect(jobs.planFilter()).toHaveValue(plan.id);
    await jobs.statusFilter().selectOption("");
    await expect(page).not.toHaveURL(/status=/);
    await expect(jobs.row(jobId)).toBeVisible();
    await expectAccessible(page);

    // Restores instead of backup jobs: this plan has none; only backups have a consistency filter.
    await jobs.typeFilter().selectOption("restore");
    await expect(page).toHaveURL(/type=restore/);
    await expect(page.getByText("No restores match these filters")).toBeVisible();
    await expect(jobs.consistencyFilter()).toHaveCount(0);
    await jobs.typeFilter().selectOption("backup");
    await expect(page).not.toHaveURL(/type=/);
    await expect(jobs.row(jobId)).toBeVisible();

    // The export carries the page's filters: only this plan's job, under a header row.
    await expect(jobs.exportLink()).toHaveAttribute("href", new RegExp(`/api/jobs/export\\?planId=${plan.id}`));
    const [download] = await Promise.all([page.waitForEvent("download"), jobs.exportLink().click()]);
    expect(download.suggestedFilename()).toBe("backup-jobs.csv");
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^Plan ID,Plan name,Region,Job ID,Instance ID,Status,/);
    expect(lines.filter(Boolean)).toHaveLength(2);
    expect(lines[1]).toContain(`${plan.id},${name},cn-shanghai,${jobId},`);

    await jobs.row(jobId).getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/plans/${plan.id}`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  });

  test("answers 422 with the fields that are wrong to bad filters", async ({ adminApi }) => {
    const res = await adminApi.get("/api/jobs?status=DONE&from=yesterday");
    expect(res.status()).toBe(422);
    const body = (await res.json()) as { error: { fieldErrors: Record<string, string[]> } };
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(["from", "status"]);
    const csv = await adminApi.get("/api/jobs/export?consistency=GOOD");
    expect(csv.status()).toBe(422);
    expect(Object.keys(((await csv.json()) as typeof body).error.fieldErrors)).toEqual(["consistency"]);
  });
});
