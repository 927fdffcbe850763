import { randomBytes, randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { admin } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { PlanPage } from "../pages/plan.page";
import { dashboardSchema, type Dashboard } from "@/lib/schemas/dashboard";
import { consistencyLabels, defaultPlanInput, planStatuses, planStatusLabels, type PlanDetail } from "@/lib/schemas/plan";

// Shanghai instance 8 is this spec's own, so the other specs' Shanghai plans never share it.
const REGION = "cn-shanghai";
const INSTANCE = "i-uf6demo000000008";

async function createManualPlan(adminApi: APIRequestContext): Promise<PlanDetail> {
  const input = {
    ...defaultPlanInput(REGION),
    name: `ui-dash-${randomBytes(3).toString("hex")}`,
    backupObjects: { instances: [{ instanceId: INSTANCE, protectAllDisks: true, diskIds: [] }] },
  };
  const res = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  const plan = (await res.json()) as PlanDetail;
  await expect
    .poll(async () => ((await (await adminApi.get(`/api/plans/${plan.id}`)).json()) as PlanDetail).status, { timeout: 30_000 })
    .toBe("active");
  return plan;
}

async function dashboardOf(api: APIRequestContext, regionId: string): Promise<Dashboard> {
  const res = await api.get(`/api/dashboard?regionId=${regionId}`);
  expect(res.status()).toBe(200);
  return dashboardSchema.parse(await res.json());
}

const card = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Every figure on the page against the API's answer for the same region. */
async function expectFiguresOf(page: Page, d: Dashboard): Promise<void> {
  const byStatus = card(page, "Plans by status");
  for (const status of planStatuses) {
    await expect(byStatus.getByRole("link", { name: new RegExp(`^${planStatusLabels[status]}`) })).toHaveAccessibleName(
      `${planStatusLabels[status]} ${d.plansByStatus[status]} plans`,
    );
  }
  await expect(byStatus.getByRole("link", { name: `View all ${d.totalPlans} plans` })).toBeVisible();
  await expect(card(page, "Protected instances")).toContainText(plural(d.protectedInstances, "ECS instance", "ECS instances"));
  const jobs = card(page, "Jobs in the last 24 hours");
  await expect(jobs.getByRole("term")).toHaveText(["Succeeded", "Failed", "Running"]);
  await expect(jobs.getByRole("definition")).toHaveText([d.jobsLast24h.succeeded, d.jobsLast24h.failed, d.jobsLast24h.running].map(String));
  const { share, application, finished } = d.appConsistentLast30d;
  const consistent = card(page, "Application consistent backups, 30 days");
  await expect(consistent).toContainText(share === null ? "—" : `${Math.round(share * 100)}%`);
  if (finished > 0) await expect(consistent).toContainText(`${application} of ${finished} finished backups`);
  await expect(card(page, "Plans breaching their RPO")).toContainText(plural(d.rpoBreaches, "plan", "plans"));
  const mismatches = card(page, "Backups not as predicted, 30 days");
  await expect(mismatches).toHaveAttribute("data-count", String(d.consistencyMismatches.count));
  if (d.consistencyMismatches.count === 0) await expect(mismatches).toContainText("reached the level its prerequisite checklist predicted");
  else await expect(mismatches.getByRole("row")).toHaveCount(d.consistencyMismatches.recent.length + 1);

  // The charts' text alternatives: a summary with the 30-day totals, and a table with every day's numbers.
  const backups = card(page, "Backups per day by consistency level");
  const total = (key: keyof Dashboard["backupsPerDay"][number] & string) => d.backupsPerDay.reduce((sum, day) => sum + Number(day[key]), 0);
  for (const level of ["APPLICATION", "FILE_SYSTEM", "CRASH"] as const) {
    await expect(backups.getByRole("figure")).toContainText(`${total(level)} ${consistencyLabels[level]}`);
  }
  await expect(backups.getByRole("figure")).toContainText(`${total("FAILED")} Failed`);
  const backupRows = page.getByRole("table", { name: "Backups per day by consistency level" }).getByRole("row");
  await expect(backupRows).toHaveCount(d.backupsPerDay.length + 1);
  const today = d.backupsPerDay.at(-1)!;
  await expect(backupRows.last().getByRole("cell")).toHaveText([today.APPLICATION, today.FILE_SYSTEM, today.CRASH, today.FAILED].map(String));

  const rpoRows = page.getByRole("table", { name: "Plans breaching their RPO at the end of each day" }).getByRole("row");
  await expect(rpoRows).toHaveCount(d.rpoBreachesPerDay.length + 1);
  await expect(rpoRows.last().getByRole("cell")).toHaveText(String(d.rpoBreachesPerDay.at(-1)!.breaches));
}

async function expectChartsDrawn(page: Page): Promise<void> {
  for (const name of ["Backups per day by consistency level", "RPO breaches over time"]) {
    await expect(card(page, name).locator(".recharts-wrapper")).toBeVisible();
  }
}

test.describe("Dashboard", () => {
  test("cards and charts show the API's figures for the region; a status links to the filtered list", async ({ page, adminApi, visit }) => {
    test.setTimeout(90_000);
    const plan = await createManualPlan(adminApi);
    await signInPage(page, admin);
    await visit(`/dashboard?region=${REGION}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
    await expect(page.getByText("Backup activity in China (Shanghai)")).toBeVisible();
    await expectChartsDrawn(page);
    await expectAccessible(page);

    // Other specs make Shanghai plans at the same time: compare a fresh page with a fresh answer until they agree.
    await expect(async () => {
      await page.reload();
      const figures = await dashboardOf(adminApi, REGION);
      expect(figures.plansByStatus.active).toBeGreaterThanOrEqual(1);
      await expectFiguresOf(page, figures);
    }).toPass({ timeout: 45_000 });

    await card(page, "Plans by status").getByRole("link", { name: /^Active/ }).click();
    await expect(page).toHaveURL(/\/plans\?status=active&region=cn-shanghai$/);
    const plans = new PlanPage(page);
    await expect(plans.statusFilter()).toHaveValue("active");
    await expect(plans.row(plan.name)).toBeVisible();

    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("a viewer sees the same cards and charts, with no create action", async ({ page, adminApi, makeUser, visit }) => {
    test.setTimeout(60_000); // a plan and a user made, a sign-in, charts drawn and an axe check
    const plan = await createManualPlan(adminApi);
    const viewer = await makeUser("viewer");
    await signInPage(page, viewer);
    await visit(`/dashboard?region=${REGION}`);
    for (const name of ["Plans by status", "Protected instances", "Jobs in the last 24 hours", "Plans breaching their RPO"]) {
      await expect(card(page, name)).toBeVisible();
    }
    await expectChartsDrawn(page);
    await expect(page.getByRole("link", { name: "Create ECS Protection Plan" })).toHaveCount(0);
    await expectAccessible(page);
    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("a region without plans offers admins Create ECS Protection Plan for that region", async ({ page, adminApi, visit }) => {
    // Tokyo has no Backup Policy support, and no spec saves a plan there.
    expect((await dashboardOf(adminApi, "ap-northeast-1")).totalPlans).toBe(0);
    await signInPage(page, admin);
    await visit("/dashboard?region=ap-northeast-1");
    await expect(page.getByRole("heading", { name: "No protection plans yet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Create ECS Protection Plan" })).toHaveAttribute("href", "/plans/new?region=ap-northeast-1");
  });
});
