import { randomBytes, randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { admin } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { PlanPage } from "../pages/plan.page";
import { labels } from "@/lib/schemas/labels";
import { defaultPlanInput, type PlanDetail } from "@/lib/schemas/plan";

/** A Manual Backup plan of one instance, created through the API as the wizard would. */
async function createManualPlan(adminApi: APIRequestContext, regionId: string, instanceName: string, name: string): Promise<PlanDetail> {
  const list = await adminApi.get(`/api/regions/${regionId}/instances?q=${instanceName}`);
  expect(list.status()).toBe(200);
  const { instances } = (await list.json()) as { instances: { instanceId: string; instanceName: string }[] };
  const instance = instances.find((i) => i.instanceName === instanceName)!;
  const input = {
    ...defaultPlanInput(regionId),
    name,
    backupObjects: { instances: [{ instanceId: instance.instanceId, protectAllDisks: true, diskIds: [] }] },
  };
  const res = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as PlanDetail;
}

test.describe("Protection Plans list and plan page", () => {
  test("the list filters by text in the URL, links to the plan, which polls to Active; Delete confirms what goes", async ({ page, adminApi, visit }) => {
    test.setTimeout(90_000);
    const name = `ui-list-${randomBytes(3).toString("hex")}`;
    const created = await createManualPlan(adminApi, "cn-shanghai", "sh-win-2016", name);
    await signInPage(page, admin);
    await visit("/plans?region=cn-shanghai");
    const plans = new PlanPage(page);
    await expect(plans.addButton()).toBeVisible();
    await plans.search().fill(name);
    await expect(page).toHaveURL(new RegExp(`q=${name}`));
    await expect(plans.row(name)).toContainText(labels.manualBackup);
    await page.reload();
    await expect(plans.search()).toHaveValue(name);
    await expect(plans.row(name)).toBeVisible();

    await plans.statusFilter().selectOption("failed");
    await expect(page).toHaveURL(/status=failed/);
    await expect(plans.row(name)).toHaveCount(0);
    await plans.statusFilter().selectOption("");
    await expect(page).not.toHaveURL(/status=/);

    const appFilter = page.getByRole("combobox", { name: labels.appConsistentBackup });
    await appFilter.selectOption("true");
    await expect(page).toHaveURL(/appConsistent=true/);
    await expect(plans.row(name)).toHaveCount(0);
    await page.reload();
    await expect(appFilter).toHaveValue("true");
    await appFilter.selectOption("false");
    await expect(plans.row(name)).toBeVisible();
    await appFilter.selectOption("");

    await plans.row(name).getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/plans/${created.id}`));
    await expect(plans.heading()).toHaveText(name);
    await plans.expectStatus("active");
    await expect(plans.steps()).toBeVisible();
    await expect(plans.instances()).toContainText("sh-win-2016");
    const bar = plans.progressBars().first();
    await expect(bar).toHaveAttribute("aria-valuenow", /\d+/);
    await expectAccessible(page);

    await plans.deletePlan();
    await expect(page).toHaveURL(/\/plans\?region=cn-shanghai/);
  });

  test("a viewer sees plans but no Retry or Delete", async ({ page, adminApi, makeUser }) => {
    const name = `ui-viewer-${randomBytes(3).toString("hex")}`;
    const created = await createManualPlan(adminApi, "cn-shanghai", "sh-ext3-legacy", name);
    const viewer = await makeUser("viewer");
    await signInPage(page, viewer);
    const plan = new PlanPage(page);
    await plan.open(created.id, "cn-shanghai");
    await expect(plan.heading()).toHaveText(name);
    await expect(plan.delete()).toHaveCount(0);
    await expect(plan.retry()).toHaveCount(0);
    await page.goto("/plans?region=cn-shanghai");
    await expect(plan.addButton()).toHaveCount(0);
    await adminApi.delete(`/api/plans/${created.id}`);
  });

  test("an unknown plan shows a not-found page", async ({ page }) => {
    await signInPage(page, admin);
    await page.goto("/plans/plan_doesnotexist0000");
    await expect(page.getByText(/does not exist/)).toBeVisible();
  });
});
