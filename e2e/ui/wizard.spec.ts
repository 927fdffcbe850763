import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { admin } from "../fixtures/config";
import { backupJobsOf, hbr, instanceMarker, snapshotTagsOf } from "../fixtures/cloud";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { PlanPage } from "../pages/plan.page";
import { WizardPage } from "../pages/wizard.page";
import { labels } from "@/lib/schemas/labels";
import {
  appConsistencySingleInstanceMessage,
  consistencyAckLabel,
  MAX_INSTANCES_PER_PLAN,
  retentionBelowIntervalWarning,
  startTimeFarWarning,
  startTimeInPastWarning,
  tooManyInstancesMessage,
  type PlanDetail,
} from "@/lib/schemas/plan";

// Each flow uses its own instances of the default emulator scenario, so flows never bind the same instance.
// Every flow that makes a plan checks the result in the emulator through the SDK, not only on the page.
const planName = (flow: string) => `ui-${flow}-${randomBytes(3).toString("hex")}`;

async function planDetail(adminApi: APIRequestContext, planId: string): Promise<PlanDetail> {
  return (await adminApi.get(`/api/plans/${planId}`)).json();
}

async function deletePlan(adminApi: APIRequestContext, planId: string) {
  const res = await adminApi.delete(`/api/plans/${planId}`);
  expect([202, 404]).toContain(res.status());
}

test.describe("Create ECS Protection Plan wizard", () => {
  test.beforeEach(async ({ page }) => {
    await signInPage(page, admin);
  });

  test("Manual Backup: steps, values kept when going back, review in days, OK opens the plan", async ({ page, adminApi }) => {
    test.setTimeout(90_000);
    const wizard = new WizardPage(page);
    await wizard.open("cn-shanghai");
    await wizard.expectStep(labels.backupObjects);
    await expectAccessible(page);

    // Next without an instance: the error sits in step 1.
    await wizard.next().click();
    await expect(page.getByTestId("instances-error")).toContainText("Select at least one ECS instance");
    await wizard.expectStep(labels.backupObjects);

    await wizard.selectInstance("sh-ubuntu-18");
    await expect(wizard.protectAllDisks("sh-ubuntu-18")).toBeChecked();
    await wizard.next().click();
    await wizard.expectStep(labels.backupMode);
    await expect(wizard.manual()).toBeChecked();
    await wizard.setAmount(labels.retentionPeriod, 2, "weeks");
    await wizard.next().click();
    await wizard.expectStep(labels.appConsistency);
    await wizard.previous().click();
    await expect(page.getByRole("spinbutton", { name: labels.retentionPeriod })).toHaveValue("2");
    await wizard.goToReview();
    await wizard.expectStep(labels.review);
    await expect(wizard.review(labels.backupMode)).toContainText("2 weeks (14 days)");
    await expectAccessible(page);

    const planId = await wizard.submit(planName("manual"));
    const plan = new PlanPage(page);
    await plan.expectStatus("active");
    await expect(plan.configuration()).toContainText(labels.manualBackup);
    await expect(plan.configuration()).toContainText("2 weeks (14 days)");
    await expect(plan.instances()).toContainText("sh-ubuntu-18");
    await expect(plan.jobs()).toBeVisible();
    await expectAccessible(page);
    // In HBR: one UDM_ECS backup job named for the plan, kept 14 days.
    const { instances } = await planDetail(adminApi, planId);
    const jobs = (await backupJobsOf("cn-shanghai", instances[0].instanceId)).filter((j) => j.JobName === instanceMarker(planId, instances[0].instanceId));
    expect(jobs).toHaveLength(1);
    await deletePlan(adminApi, planId);
  });

  test("Auto Backup in a policy region: a new policy, then another plan on that existing policy", async ({ page, adminApi }) => {
    test.setTimeout(120_000);
    const wizard = new WizardPage(page);
    const policyName = planName("policy");
    await wizard.open("cn-hangzhou");
    await wizard.selectInstance("hz-ubuntu-web-1");
    await wizard.next().click();
    await wizard.auto().check();
    await expect(wizard.newPolicy()).toBeChecked();
    await expect(wizard.policyCenterLink()).toHaveAttribute("href", /\/policies/);
    await wizard.policyName().fill(policyName);
    await wizard.setStartTime("2030-01-02T03:04:05");
    await wizard.setAmount(labels.backupInterval, 1, "days");
    await wizard.setAmount(labels.retentionPeriod, 1, "months");
    await expect(wizard.nextRuns()).toHaveCount(5);
    await expectAccessible(page);
    await wizard.goToReview();
    await expect(wizard.review(labels.backupMode)).toContainText(`New policy ${policyName}`);
    await expect(wizard.review(labels.backupMode)).toContainText("1 month (30 days)");
    const firstId = await wizard.submit(planName("new-policy"));
    const plan = new PlanPage(page);
    await plan.expectStatus("active");
    await expect(plan.configuration()).toContainText(policyName);
    // In HBR: the policy with the schedule and retention chosen, and the instance bound to it.
    const first = await planDetail(adminApi, firstId);
    const policy = (await hbr("cn-hangzhou")("DescribePoliciesV2", { PolicyId: first.policyId })).Policies[0];
    expect(policy.PolicyName).toBe(policyName);
    const backupRule = policy.Rules.find((r: { RuleType: string }) => r.RuleType === "BACKUP");
    expect(backupRule.Schedule).toMatch(/^I\|\d+\|P1D$/);
    expect(backupRule.Retention).toBe(30);
    const boundFirst = await hbr("cn-hangzhou")("DescribePolicyBindings", { PolicyId: first.policyId, MaxResults: 100 });
    expect(boundFirst.PolicyBindings.map((b: { DataSourceId: string }) => b.DataSourceId)).toEqual([first.instances[0].instanceId]);

    // Second plan: the first instance is now bound and cannot be picked; the policy is offered.
    await wizard.open("cn-hangzhou");
    await wizard.search().fill("hz-ubuntu-web-1");
    await expect(wizard.instanceCheckbox("hz-ubuntu-web-1")).toBeDisabled();
    await expect(wizard.instanceTable()).toContainText(`Bound to ${policyName} (po-`);
    await wizard.selectInstance("hz-ubuntu-web-2");
    await wizard.next().click();
    await wizard.auto().check();
    await wizard.existingPolicy().check();
    const option = wizard.policySelect().locator("option", { hasText: policyName });
    await wizard.policySelect().selectOption((await option.getAttribute("value"))!);
    await wizard.goToReview();
    await expect(wizard.review(labels.backupMode)).toContainText("Existing policy po-");
    const secondId = await wizard.submit(planName("existing-policy"));
    await plan.expectStatus("active");
    await expect(plan.configuration()).toContainText("(existing)");
    const second = await planDetail(adminApi, secondId);
    expect(second.policyId).toBe(first.policyId);
    const boundBoth = await hbr("cn-hangzhou")("DescribePolicyBindings", { PolicyId: first.policyId, MaxResults: 100 });
    expect(boundBoth.PolicyBindings.map((b: { DataSourceId: string }) => b.DataSourceId).sort()).toEqual(
      [first.instances[0].instanceId, second.instances[0].instanceId].sort(),
    );
    await deletePlan(adminApi, secondId);
    await deletePlan(adminApi, firstId);
  });

  test("Auto Backup in a region without policies: Start Time, Backup Interval, next five runs", async ({ page, adminApi }) => {
    test.setTimeout(90_000);
    const wizard = new WizardPage(page);
    await wizard.open("cn-shanghai");
    await wizard.selectInstance("sh-centos75");
    await wizard.next().click();
    await wizard.auto().check();
    await expect(wizard.newPolicy()).toHaveCount(0);
    await wizard.setStartTime("2030-06-01T01:02:03");
    await wizard.setAmount(labels.backupInterval, 6, "hours");
    await wizard.setAmount(labels.retentionPeriod, 1, "years");
    await expect(wizard.nextRuns()).toHaveCount(5);
    await expect(wizard.nextRuns().first()).toContainText("2030");
    await wizard.goToReview();
    await expect(wizard.review(labels.backupMode)).toContainText("Every 6 hours");
    await expect(wizard.review(labels.backupMode)).toContainText("1 year (365 days)");
    const planId = await wizard.submit(planName("plan-schedule"));
    const plan = new PlanPage(page);
    await plan.expectStatus("active");
    await expect(plan.configuration()).toContainText("Backup plan per instance");
    // In HBR: a UDM_ECS backup plan with the schedule every 6 hours from the Start Time, kept 365 days.
    const detail = await planDetail(adminApi, planId);
    const marker = instanceMarker(planId, detail.instances[0].instanceId);
    const plans = await hbr("cn-shanghai")("DescribeBackupPlans", { SourceType: "UDM_ECS", PageSize: 99, "Filters.1.Key": "planName", "Filters.1.Values.1": marker });
    expect(plans.BackupPlans.BackupPlan).toHaveLength(1);
    const schedule = detail.config.backupMode.mode === "auto" ? detail.config.backupMode.schedule : null;
    const startUnix = schedule?.kind === "plan" ? Date.parse(schedule.startTime) / 1000 : NaN;
    expect(plans.BackupPlans.BackupPlan[0]).toMatchObject({ Schedule: `I|${startUnix}|PT6H`, Retention: 365 });
    await deletePlan(adminApi, planId);
  });

  for (const flow of [
    { os: "Linux", instance: "sg-db-mysql-01", needs: "/tmp/prescript.sh" },
    { os: "Windows", instance: "sg-win-sql-2019", needs: "AliyunService" },
  ]) {
    test(`${labels.appConsistentBackup} on a ${flow.os} instance: requirements, live checklist, predicted consistency`, async ({ page, adminApi }) => {
      test.setTimeout(120_000);
      const wizard = new WizardPage(page);
      await wizard.open("ap-southeast-1");
      await wizard.selectInstance(flow.instance);
      await wizard.next().click();
      await wizard.next().click();
      await wizard.expectStep(labels.appConsistency);
      await expect(wizard.appConsistent()).toBeEnabled();
      await wizard.appConsistent().click();
      await expect(wizard.requirements()).toContainText(flow.needs);
      if (flow.os === "Linux") {
        await expect(wizard.requirements()).toContainText("chmod 700 /tmp/prescript.sh");
        await expect(wizard.requirements()).toContainText(/file-system-consistent/);
      }
      await expect(wizard.checks().first()).toBeVisible();
      await expect(wizard.predicted()).toContainText("The backup will be: Application consistent");
      await wizard.recheck().click();
      await expect(wizard.predicted()).toBeVisible();
      await expectAccessible(page);
      await wizard.goToReview();
      await expect(wizard.review(labels.appConsistency)).toContainText("On");
      await expect(wizard.review(labels.appConsistency).getByTestId("review-predicted")).toContainText(`${flow.instance}: Application consistent`);
      await expect(page.getByTestId("consistency-ack")).toHaveCount(0);
      await expect(wizard.ok()).toBeEnabled();
      const planId = await wizard.submit(planName(`app-${flow.os.toLowerCase()}`));
      const plan = new PlanPage(page);
      await plan.expectStatus("active");
      await expect(plan.configuration()).toContainText(/Application Consistent Backup\s*On/);
      await expect(plan.jobs().getByTestId("job-consistency").first()).toContainText("Application consistent", { timeout: 60_000 });
      // In HBR and ECS: the job asked for application consistency and its snapshots carry APPConsistent=True.
      const { instances } = await planDetail(adminApi, planId);
      const job = (await backupJobsOf("ap-southeast-1", instances[0].instanceId)).find((j) => j.JobName === instanceMarker(planId, instances[0].instanceId));
      expect(job?.Status).toBe("COMPLETE");
      expect(await snapshotTagsOf("ap-southeast-1", instances[0].instanceId)).toContain("APPConsistent=True");
      await deletePlan(adminApi, planId);
    });
  }

  test(`${labels.appConsistentBackup} predicted file-system consistent: Review shows it and OK waits for the acknowledgement`, async ({ page, adminApi }) => {
    test.setTimeout(120_000);
    const wizard = new WizardPage(page);
    await wizard.open("ap-southeast-1");
    // sg-alinux2-app: its scripts are mode 755, not 700, so HBR falls back to file-system consistency.
    await wizard.selectInstance("sg-alinux2-app");
    await wizard.next().click();
    await wizard.next().click();
    await wizard.appConsistent().click();
    await expect(wizard.predicted()).toContainText("The backup will be: File system consistent");
    await wizard.goToReview();
    await expect(wizard.review(labels.appConsistency).getByTestId("review-predicted")).toContainText("sg-alinux2-app: File system consistent");
    await wizard.planName().fill(planName("app-ack"));
    const ack = page.getByRole("checkbox", { name: consistencyAckLabel("FILE_SYSTEM") });
    await expect(ack).not.toBeChecked();
    await expect(wizard.ok()).toBeDisabled();
    await wizard.planName().press("Enter");
    await wizard.expectStep(labels.review);
    await expectAccessible(page);
    await ack.check();
    await expect(wizard.ok()).toBeEnabled();
    await wizard.ok().click();
    await page.waitForURL(/\/plans\/plan_[A-Za-z0-9]+/);
    const planId = new URL(page.url()).pathname.split("/").pop()!;
    const detail = await planDetail(adminApi, planId);
    expect(detail).toMatchObject({ appConsistent: true, config: { acknowledgedConsistency: true } });
    await deletePlan(adminApi, planId);
  });

  test("Backup Mode warns, without refusing, of a Start Time in the past or far ahead and of a Retention Period shorter than the Backup Interval", async ({ page }) => {
    const wizard = new WizardPage(page);
    await wizard.open("cn-shanghai");
    await wizard.selectInstance("sh-centos75");
    await wizard.next().click();
    await wizard.auto().check();
    const warnings = page.getByTestId("field-warning");
    await expect(warnings).toHaveCount(0);
    await wizard.setStartTime("2020-01-01T00:00:00");
    await expect(warnings).toHaveText([startTimeInPastWarning]);
    await expect(wizard.startTime()).toHaveAccessibleDescription(new RegExp(startTimeInPastWarning.slice(0, 30)));
    await wizard.setStartTime(`${new Date().getFullYear() + 2}-01-01T00:00:00`);
    await expect(warnings).toHaveText([startTimeFarWarning]);
    await wizard.setAmount(labels.backupInterval, 2, "weeks");
    await wizard.setAmount(labels.retentionPeriod, 13, "days");
    await expect(warnings).toHaveText([startTimeFarWarning, retentionBelowIntervalWarning]);
    await wizard.setAmount(labels.retentionPeriod, 2, "weeks");
    await expect(warnings).toHaveText([startTimeFarWarning]);
    await wizard.next().click();
    await wizard.expectStep(labels.appConsistency);
  });

  test(`${labels.appConsistentBackup} is disabled with two instances and says why`, async ({ page }) => {
    const wizard = new WizardPage(page);
    await wizard.open("cn-hongkong");
    await wizard.selectInstance("hk-pg-primary");
    await wizard.selectInstance("hk-win-files-2019");
    await wizard.next().click();
    await wizard.next().click();
    await expect(wizard.appConsistent()).toBeDisabled();
    await expect(wizard.appConsistencyReason()).toHaveText(appConsistencySingleInstanceMessage);
  });

  test("filters by OS, status, zone and tag; Select all matching; the selection collapses", async ({ page }) => {
    test.setTimeout(90_000);
    const wizard = new WizardPage(page);
    await wizard.open("ap-northeast-1");
    // The 5,000 generated instances: every 5th Windows, every 17th stopped, zones a/b/c in turn, batch = i / 1000.
    await wizard.filter("OS").selectOption("windows");
    await wizard.filter("Status").selectOption("Stopped");
    await wizard.filter("Tag").fill("batch=0");
    await wizard.filter("Zone").fill("ap-northeast-1-a");
    const rows = wizard.instanceTable().getByRole("row");
    await expect(rows).toHaveCount(1 + 4);
    for (const name of ["bulk-00154", "bulk-00409", "bulk-00664", "bulk-00919"]) await expect(wizard.instanceCheckbox(name)).toBeVisible();
    await expect(wizard.selectAllMatching()).toHaveText("Select all 4 matching");
    await wizard.selectAllMatching().click();
    await expect(wizard.selectedHeading()).toContainText(`(4 of ${MAX_INSTANCES_PER_PLAN})`);
    await expect(wizard.selectAllResult()).toHaveText("4 instances added.");
    await expect(page.getByTestId("selected-i-apnortgen00154")).toBeVisible();

    // Any zone: 11 match, 7 more are added, and the list folds away instead of growing the page.
    await wizard.filter("Zone").fill("");
    await expect(wizard.selectAllMatching()).toHaveText("Select all 11 matching");
    await wizard.selectAllMatching().click();
    await expect(wizard.selectedHeading()).toContainText(`(11 of ${MAX_INSTANCES_PER_PLAN})`);
    await expect(wizard.selectAllResult()).toHaveText("7 instances added.");
    await expect(wizard.selectionCollapsed()).toContainText("11 selected: bulk-00154");
    await expect(page.getByTestId("selected-i-apnortgen00154")).toBeHidden();
    await wizard.toggleSelection().click();
    await expect(page.getByTestId("selected-i-apnortgen00154")).toBeVisible();
    await expect(wizard.toggleSelection()).toHaveAttribute("aria-expanded", "true");

    // More match than a plan holds: Select all says so and stops at the limit.
    await wizard.filter("Status").selectOption("");
    await wizard.filter("Tag").fill("");
    await expect(wizard.selectAllCap()).toContainText(`1000 instances match; a plan holds at most ${MAX_INSTANCES_PER_PLAN}`);
    await wizard.selectAllMatching().click();
    await expect(wizard.selectedHeading()).toContainText(`(${MAX_INSTANCES_PER_PLAN} of ${MAX_INSTANCES_PER_PLAN})`);
    await expect(wizard.selectAllResult()).toContainText(`1000 match, but a plan holds at most ${MAX_INSTANCES_PER_PLAN}`);
    await expectAccessible(page);
  });

  test(`the ${MAX_INSTANCES_PER_PLAN + 1}th instance is refused`, async ({ page }) => {
    test.setTimeout(180_000);
    const wizard = new WizardPage(page);
    await wizard.open("ap-northeast-1");
    let selected = 0;
    while (selected < MAX_INSTANCES_PER_PLAN) {
      const boxes = wizard.instanceTable().getByRole("checkbox");
      const count = await boxes.count();
      for (let i = 0; i < count && selected < MAX_INSTANCES_PER_PLAN; i++) {
        await boxes.nth(i).check();
        selected += 1;
      }
      if (selected < MAX_INSTANCES_PER_PLAN) {
        const before = await boxes.first().getAttribute("aria-label");
        await wizard.nextPage().click();
        await expect(boxes.first()).not.toHaveAttribute("aria-label", before!);
      }
    }
    await expect(wizard.selectedHeading()).toContainText(`(${MAX_INSTANCES_PER_PLAN} of ${MAX_INSTANCES_PER_PLAN})`);
    await wizard.search().fill("bulk-04999");
    await wizard.instanceCheckbox("bulk-04999").click();
    await expect(wizard.selectionLimit()).toContainText(tooManyInstancesMessage);
    await expect(wizard.instanceCheckbox("bulk-04999")).not.toBeChecked();
    await expect(wizard.selectedHeading()).toContainText(`(${MAX_INSTANCES_PER_PLAN} of ${MAX_INSTANCES_PER_PLAN})`);
    await wizard.next().click();
    await wizard.expectStep(labels.backupMode);
  });

  test(`${labels.protectAllDisks} off: at least one disk, then a subset`, async ({ page, adminApi }) => {
    test.setTimeout(90_000);
    const wizard = new WizardPage(page);
    await wizard.open("ap-southeast-1");
    await wizard.selectInstance("sg-centos75-legacy");
    await wizard.protectAllDisks("sg-centos75-legacy").click();
    await expect(wizard.protectAllDisks("sg-centos75-legacy")).not.toBeChecked();
    await wizard.next().click();
    await expect(page.getByText(`Select at least one disk, or turn on ${labels.protectAllDisks}`)).toBeVisible();
    await wizard.expectStep(labels.backupObjects);
    const dataDisk = wizard.dataDisks().first();
    const diskLabel = await dataDisk.evaluate((el) => el.parentElement?.textContent ?? "");
    const diskId = diskLabel.split(" ")[0]!;
    await dataDisk.check();
    await wizard.goToReview();
    await expect(wizard.review(labels.backupObjects)).toContainText(diskId);
    const planId = await wizard.submit(planName("disks"));
    const plan = new PlanPage(page);
    await plan.expectStatus("active");
    await expect(plan.instances()).toContainText(diskId);
    // In HBR: the backup covers the chosen disk only.
    const { instances } = await planDetail(adminApi, planId);
    const job = (await backupJobsOf("ap-southeast-1", instances[0].instanceId)).find((j) => j.JobName === instanceMarker(planId, instances[0].instanceId));
    await expect
      .poll(async () => {
        const snaps = await hbr("ap-southeast-1")("DescribeUdmSnapshots", { SourceType: "UDM_ECS", UdmRegionId: "ap-southeast-1", StartTime: 0, EndTime: 4_000_000_000, JobId: job!.JobId });
        return snaps.Snapshots[0]?.Detail?.DiskIdList;
      }, { timeout: 60_000 })
      .toEqual([diskId]);
    await deletePlan(adminApi, planId);
  });

  test(`${labels.replication}: Destination Region and Retention Period for the copies`, async ({ page, adminApi }) => {
    test.setTimeout(90_000);
    const wizard = new WizardPage(page);
    await wizard.open("cn-hongkong");
    await wizard.selectInstance("hk-alinux2-redis");
    await wizard.next().click();
    await wizard.next().click();
    await wizard.next().click();
    await wizard.expectStep(labels.replicationStep);
    await wizard.replication().click();
    await expect(wizard.destination().locator("option", { hasText: "China (Hong Kong)" })).toHaveCount(0);
    await wizard.next().click();
    await expect(wizard.destination()).toHaveAttribute("aria-invalid", "true");
    await wizard.destination().selectOption("ap-southeast-1");
    await wizard.setAmount(labels.retentionPeriod, 1, "months");
    await expectAccessible(page);
    await wizard.next().click();
    await expect(wizard.review(labels.replicationStep)).toContainText("Singapore");
    await expect(wizard.review(labels.replicationStep)).toContainText("1 month (30 days)");
    const planId = await wizard.submit(planName("replication"));
    const plan = new PlanPage(page);
    await plan.expectStatus("active");
    await expect(plan.configuration()).toContainText("Singapore, keep 1 month (30 days)");
    // In HBR: the job copies to Singapore and keeps the copy 30 days.
    const { instances } = await planDetail(adminApi, planId);
    const job = (await backupJobsOf("cn-hongkong", instances[0].instanceId)).find((j) => j.JobName === instanceMarker(planId, instances[0].instanceId));
    expect(job?.Detail).toMatchObject({ DoCopy: true, DestinationRetention: 30 });
    await deletePlan(adminApi, planId);
  });

  test("leaving with unsaved input asks first", async ({ page }) => {
    const wizard = new WizardPage(page);
    await wizard.open("cn-shanghai");
    await wizard.selectInstance("sh-oracle");
    let message = "";
    page.once("dialog", (dialog) => {
      message = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => message).toContain("Leave this page?");
    await expect(wizard.heading()).toBeVisible();
    await expect(wizard.instanceCheckbox("sh-oracle")).toBeChecked();
  });

  test("a viewer gets a message instead of the wizard", async ({ page, makeUser }) => {
    const viewer = await makeUser("viewer");
    await page.context().clearCookies();
    await signInPage(page, viewer);
    await page.goto("/plans/new?region=cn-shanghai");
    await expect(page.getByText("Only admins can create protection plans")).toBeVisible();
    await expect(page.getByRole("button", { name: "Next", exact: true })).toHaveCount(0);
  });
});
