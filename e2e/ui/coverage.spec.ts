import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { admin } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { CoveragePage } from "../pages/coverage.page";
import { PlanPage } from "../pages/plan.page";
import { WizardPage } from "../pages/wizard.page";
import { labels } from "@/lib/schemas/labels";
import { MAX_INSTANCES_PER_PLAN } from "@/lib/schemas/plan";
import type { CoveragePage as CoverageList } from "@/lib/schemas/coverage";

// Coverage reads the worker's inventory. This spec's own instance (the scenario keeps it for this spec alone): a
// Linux instance of cn-shanghai, a region without backup policies, so Protect makes a Manual Backup plan.
const REGION = "cn-shanghai";
const INSTANCE_NAME = "sh-batch-etl";

/** The instance's coverage row once the worker's inventory has it. */
async function coverageRow(adminApi: APIRequestContext, q: string) {
  let row: CoverageList["rows"][number] | undefined;
  await expect
    .poll(
      async () => {
        const res = await adminApi.get(`/api/coverage?${new URLSearchParams({ regionId: REGION, q })}`);
        if (res.status() !== 200) return `HTTP ${res.status()}`;
        row = ((await res.json()) as CoverageList).rows.find((r) => r.name === q);
        return row ? "found" : "not yet";
      },
      { timeout: 60_000, message: `${q} in the coverage inventory` },
    )
    .toBe("found");
  return row!;
}

test.describe("Coverage", () => {
  test("an unprotected instance: filters and sort survive a reload, Protect opens the wizard with it, and its plan makes it Protected", async ({ page, adminApi, visit }) => {
    test.setTimeout(150_000);
    const row = await coverageRow(adminApi, INSTANCE_NAME);
    expect(row.state).toBe("unprotected");
    const instanceId = row.instanceId;

    await signInPage(page, admin);
    await visit("/coverage");
    const coverage = new CoveragePage(page);
    await expect(coverage.heading()).toBeVisible();
    await expect(coverage.freshness()).toContainText(/China \(Shanghai\): Inventory synced/);

    // Filters and sort, each kept in the URL.
    await coverage.regionFilter().selectOption(REGION);
    await expect(page).toHaveURL(/regionId=cn-shanghai/);
    await coverage.stateChip("Unprotected").click();
    await expect(page).toHaveURL(/state=unprotected/);
    await expect(coverage.stateChip("Unprotected")).toHaveAttribute("aria-pressed", "true");
    await coverage.osFilter().selectOption("linux");
    await expect(page).toHaveURL(/osType=linux/);
    await coverage.search().fill(INSTANCE_NAME);
    await expect(page).toHaveURL(new RegExp(`q=${INSTANCE_NAME}`));
    await coverage.sortButton("Last backup").click();
    await expect(page).toHaveURL(/sort=lastBackup&dir=asc/);
    await coverage.sortButton("Last backup").click();
    await expect(page).toHaveURL(/sort=lastBackup&dir=desc/);
    await expect(coverage.row(instanceId)).toBeVisible();
    await expect(coverage.row(instanceId)).toContainText("Unprotected");
    await expect(coverage.row(instanceId)).toContainText(row.reason);

    await page.reload();
    await expect(coverage.regionFilter()).toHaveValue(REGION);
    await expect(coverage.stateFilter()).toHaveValue("unprotected");
    await expect(coverage.osFilter()).toHaveValue("linux");
    await expect(coverage.search()).toHaveValue(INSTANCE_NAME);
    await expect(coverage.columnHeader("Last backup")).toHaveAttribute("aria-sort", "descending");
    await expect(coverage.columnHeader("Instance")).toHaveAttribute("aria-sort", "none");
    await expect(coverage.row(instanceId)).toBeVisible();
    await expectAccessible(page);

    // Select all matching in the region (this filter matches one instance), then Protect.
    await expect(coverage.protect()).toBeDisabled();
    await expect(coverage.selectAllMatching()).toHaveText("Select all 1 unprotected matching");
    await coverage.selectAllMatching().click();
    await expect(coverage.selectAllResult()).toHaveText("1 unprotected instance in China (Shanghai) selected.");
    await expect(coverage.checkbox(INSTANCE_NAME)).toBeChecked();
    await coverage.checkbox(INSTANCE_NAME).uncheck();
    await expect(coverage.protect()).toBeDisabled();
    await coverage.checkbox(INSTANCE_NAME).check();
    await expect(coverage.protect()).toHaveText("Protect 1 instance");
    await coverage.protect().click();

    const wizard = new WizardPage(page);
    await expect(page).toHaveURL(new RegExp(`/plans/new\\?region=${REGION}&instances=${instanceId}$`));
    await expect(wizard.heading()).toBeVisible();
    await expect(page.getByTestId("preselection")).toContainText("1 of 1 instance chosen in Coverage is selected below.");
    await expect(page.getByTestId(`selected-${instanceId}`)).toContainText(INSTANCE_NAME);
    await expect(wizard.protectAllDisks(INSTANCE_NAME)).toBeChecked();
    await expectAccessible(page);
    await wizard.next().click();
    await wizard.expectStep(labels.backupMode);
    await expect(wizard.manual()).toBeChecked();
    await wizard.goToReview();
    const planName = `ui-coverage-${randomBytes(3).toString("hex")}`;
    const planId = await wizard.submit(planName);
    await new PlanPage(page).expectStatus("active");

    // The worker recomputes coverage after provisioning: the instance is Protected by the new plan.
    await page.goto(`/coverage?regionId=${REGION}&q=${INSTANCE_NAME}`);
    await expect(async () => {
      await page.reload();
      await expect(coverage.stateBadge(instanceId)).toHaveText("Protected", { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(coverage.row(instanceId).getByRole("link", { name: planName })).toHaveAttribute("href", `/plans/${planId}?region=${REGION}`);
    // Protected rows are not Protect's to take.
    await expect(coverage.checkbox(INSTANCE_NAME)).toBeDisabled();

    const del = await adminApi.delete(`/api/plans/${planId}`);
    expect([202, 404]).toContain(del.status());
  });

  test("the dashboard's cards lead to the region's unprotected instances", async ({ page, adminApi, visit }) => {
    test.setTimeout(90_000);
    await coverageRow(adminApi, INSTANCE_NAME);
    const summary = (await (await adminApi.get(`/api/coverage/summary?regionId=${REGION}`)).json()) as { counts: { unprotected: number }; coveragePct: number | null };
    await signInPage(page, admin);
    await visit(`/dashboard?region=${REGION}`);
    const unprotectedCard = page.getByRole("region", { name: "Unprotected instances", exact: true });
    await expect(unprotectedCard).toContainText(/\d+ ECS instances?/);
    await expect(page.getByRole("region", { name: "Coverage", exact: true })).toContainText("protected");
    expect(summary.counts.unprotected).toBeGreaterThan(0);
    await unprotectedCard.getByRole("link", { name: "View unprotected instances" }).click();
    await expect(page).toHaveURL(new RegExp(`/coverage\\?state=unprotected&regionId=${REGION}&region=${REGION}`));
    const coverage = new CoveragePage(page);
    await expect(coverage.stateFilter()).toHaveValue("unprotected");
    await expect(coverage.regionFilter()).toHaveValue(REGION);
    await expect(coverage.table()).toBeVisible();
  });

  test("Select all in the 5,000-instance region stops at a plan's 99 and says so; rows of another region cannot join", async ({ page, adminApi, visit }) => {
    test.setTimeout(90_000);
    const BULK = "ap-northeast-1";
    await expect
      .poll(async () => ((await (await adminApi.get(`/api/coverage/summary?regionId=${BULK}`)).json()) as { total: number }).total, { timeout: 60_000 })
      .toBeGreaterThan(MAX_INSTANCES_PER_PLAN);
    await signInPage(page, admin);
    await visit(`/coverage?regionId=${BULK}&state=unprotected`);
    const coverage = new CoveragePage(page);
    await expect(coverage.selectAllMatching()).toHaveText(/^Select the first 99 of [\d,]+ unprotected matching$/);
    await coverage.selectAllMatching().click();
    await expect(coverage.selectAllResult()).toHaveText(/^[\d,]+ unprotected instances in Japan \(Tokyo\) match; a plan holds at most 99, so the first 99 are selected\./);
    await expect(page.getByTestId("selection-count")).toHaveText("99 selected in Japan (Tokyo)");
    await expect(coverage.protect()).toHaveText("Protect 99 instances");
    const href = (await coverage.protect().getAttribute("href"))!;
    const ids = new URL(href, "http://x").searchParams.get("instances")!.split(",");
    expect(ids).toHaveLength(MAX_INSTANCES_PER_PLAN);
    expect(new Set(ids).size).toBe(MAX_INSTANCES_PER_PLAN);

    // Another region's rows are disabled while Tokyo's are selected, and say why.
    await coverage.regionFilter().selectOption(REGION);
    await expect(page).toHaveURL(/regionId=cn-shanghai/);
    const other = coverage.table().getByRole("checkbox").first();
    await expect(other).toBeDisabled();
    await expect(other).toHaveAccessibleDescription(/A plan protects instances of one region: Japan \(Tokyo\) is selected/);
    await page.getByRole("button", { name: "Clear selection" }).click();
    await expect(other).toBeEnabled();
  });

  test("the wizard reports instance ids from the link that the region does not have", async ({ page }) => {
    await signInPage(page, admin);
    await page.goto(`/plans/new?region=${REGION}&instances=i-uf6nosuchinstance0`);
    await expect(page.getByTestId("preselection-unknown")).toContainText("Not found in China (Shanghai), left out: i-uf6nosuchinstance0");
    await expect(page.getByTestId("preselection")).toContainText("0 of 1 instance chosen in Coverage are selected below.");
    await expect(page.getByText("No instance selected yet.")).toBeVisible();
    await expectAccessible(page);
  });

  test("a viewer sees coverage but no Protect and no row to select", async ({ page, makeUser, visit }) => {
    const viewer = await makeUser("viewer");
    await signInPage(page, viewer);
    await visit(`/coverage?regionId=${REGION}`);
    const coverage = new CoveragePage(page);
    await expect(coverage.heading()).toBeVisible();
    await expect(coverage.table()).toBeVisible();
    await expect(coverage.protect()).toHaveCount(0);
    await expect(coverage.selectAllMatching()).toHaveCount(0);
    await expect(coverage.table().getByRole("checkbox")).toHaveCount(0);
  });
});
