import type { APIRequestContext } from "@playwright/test";
import { $Ecs, $Ram } from "../../emulator/testing/clients";
import { admin } from "../fixtures/config";
import { backupJobsOf, ecs, instanceMarker, ram, snapshotTagsOf } from "../fixtures/cloud";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { InstancePage } from "../pages/instance.page";
import { PlanPage } from "../pages/plan.page";
import { WizardPage } from "../pages/wizard.page";
import { BACKUP_POINT_WAIT_S } from "@/lib/schemas/backup-point";
import { labels } from "@/lib/schemas/labels";
import type { PlanDetail } from "@/lib/schemas/plan";

// The application-consistency assistant, only through the UI: an instance that fails every prerequisite the
// console can fix (no RAM role, no Cloud Assistant, no scripts) ends with a backup whose ECS snapshots carry
// APPConsistent=True. Every fix runs twice; the second run changes nothing, and the cloud shows no duplicates.

const HK = "cn-hongkong";
const NEW_MYSQL = { id: "i-j6cdemo000000013", name: "hk-new-mysql" };

async function planDetail(api: APIRequestContext, planId: string): Promise<PlanDetail> {
  const res = await api.get(`/api/plans/${planId}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as PlanDetail;
}

test.describe("application-consistency assistant", () => {
  test("from every fixable prerequisite failing to an application-consistent backup, each fix run twice", async ({ page, adminApi }) => {
    // The console reads a finished job's consistency for up to BACKUP_POINT_WAIT_S; the test may wait as long.
    test.setTimeout(240_000 + BACKUP_POINT_WAIT_S * 1000);
    await signInPage(page, admin);
    const instance = new InstancePage(page);
    await instance.open(HK, NEW_MYSQL.id);
    await expect(instance.check("ramRole")).toHaveAttribute("data-status", "fail");
    await expect(instance.check("cloudAssistant")).toHaveAttribute("data-status", "fail");
    await expect(instance.check("scripts")).toHaveAttribute("data-status", "unknown");
    await expect(instance.predicted()).toHaveAttribute("data-level", "CRASH");
    await expectAccessible(page);

    // RAM role: the preview names the exact calls; role and policy exist account-wide, the instance lacks the role.
    await instance.check("ramRole").getByRole("button", { name: "Set up RAM role" }).click();
    await expect(instance.previewStep("attachRole")).toHaveAttribute("data-status", "pending");
    await expect(instance.previewStep("createRole")).toHaveAttribute("data-status", "skipped");
    await instance.previewStep("attachRole").getByText("Cloud calls").click();
    await expect(instance.previewStep("attachRole")).toContainText("ECS AttachInstanceRamRole");
    await expect(instance.previewStep("attachRole")).toContainText('"RamRoleName": "AppSnapshotRoleName"');
    await expectAccessible(page);
    await instance.confirmAndWait("Run fix");
    await expect(instance.taskStep("attachRole")).toHaveAttribute("data-status", "done");
    await expect(instance.check("ramRole")).toHaveAttribute("data-status", "pass");
    // Twice: nothing left to change.
    await instance.fix("ramRole").click();
    await expect(instance.previewSummary()).toHaveText("Everything is in place already: running it changes nothing.");
    await instance.confirmAndWait("Run fix");
    await expect(instance.latestTask().getByTestId(/^task-step-/)).toHaveCount(4);
    for (const id of ["createRole", "createPolicy", "attachPolicy", "attachRole"]) await expect(instance.taskStep(id)).toHaveAttribute("data-status", "skipped");
    const roles = await ecs(HK).describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId: HK, instanceIds: JSON.stringify([NEW_MYSQL.id]) }));
    expect(roles.body?.instanceRamRoleSets?.instanceRamRoleSet?.map((r) => r.ramRoleName)).toEqual(["AppSnapshotRoleName"]);
    const attached = await (await ram()).listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: "AppSnapshotRoleName" }));
    expect(attached.body?.policies?.policy?.filter((p) => p.policyName === "AppSnapshotPolicy")).toHaveLength(1);

    // Cloud Assistant: installed, then online; the guest can be read, so file systems pass and scripts fail.
    await instance.check("cloudAssistant").getByRole("button", { name: "Install Cloud Assistant" }).click();
    await expect(instance.previewStep("install")).toContainText("InstallCloudAssistant");
    await instance.confirmAndWait("Run fix");
    await expect(instance.check("cloudAssistant")).toHaveAttribute("data-status", "pass");
    await expect(instance.check("fileSystems")).toHaveAttribute("data-status", "pass");
    await expect(instance.check("scripts")).toHaveAttribute("data-status", "fail");
    await instance.fix("cloudAssistant").click();
    await expect(instance.previewSummary()).toHaveText("Everything is in place already: running it changes nothing.");
    await instance.confirmAndWait("Run fix");
    await expect(instance.taskStep("install")).toHaveAttribute("data-status", "skipped");
    const agents = await ecs(HK).describeCloudAssistantStatus(new $Ecs.DescribeCloudAssistantStatusRequest({ regionId: HK, instanceId: [NEW_MYSQL.id] }));
    expect(agents.body?.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus?.map((s) => s.cloudAssistantStatus)).toEqual(["true"]);

    // Scripts: the MySQL pair from the gallery, uploaded with SendFile as root 0700, then verified; twice.
    await uploadGalleryScripts(instance, "mysql");
    await expect(instance.check("scripts")).toHaveAttribute("data-status", "pass");
    await uploadGalleryScripts(instance, "mysql");
    await expect(instance.taskStep("uploadPreScript")).toHaveAttribute("data-status", "skipped");
    await expect(instance.taskStep("uploadPostScript")).toHaveAttribute("data-status", "skipped");
    await expect(instance.predicted()).toHaveAttribute("data-level", "APPLICATION");

    // A Manual Backup with Application Consistent Backup, through the wizard.
    const wizard = new WizardPage(page);
    await wizard.open(HK);
    await wizard.selectInstance(NEW_MYSQL.name);
    await wizard.next().click();
    await wizard.next().click();
    await wizard.expectStep(labels.appConsistency);
    await wizard.appConsistent().click();
    await expect(wizard.predicted()).toContainText("The backup will be: Application consistent");
    await wizard.goToReview();
    const planId = await wizard.submit(`assistant-${Date.now()}`);
    const plan = new PlanPage(page);
    await plan.expectStatus("active");
    // The job runs a few simulated minutes (seconds at EMULATOR_TIME_SCALE); once it finished, the console reads the
    // consistency its backup point reached within its documented wait, and the page shows it without a reload.
    await expect(plan.jobs().getByRole("row").filter({ hasText: "COMPLETE" })).toHaveCount(1, { timeout: 60_000 });
    await expect(plan.jobs().getByTestId("job-consistency").first()).toContainText("Application consistent", { timeout: BACKUP_POINT_WAIT_S * 1000 });
    await expect(plan.jobs().getByTestId("consistency-not-as-predicted")).toHaveCount(0);
    const job = (await backupJobsOf(HK, NEW_MYSQL.id)).find((j) => j.JobName === instanceMarker(planId, NEW_MYSQL.id));
    expect(job?.Status).toBe("COMPLETE");
    expect(await snapshotTagsOf(HK, NEW_MYSQL.id)).toContain("APPConsistent=True");
    expect((await planDetail(adminApi, planId)).jobs[0]).toMatchObject({ predictedLevel: "APPLICATION", consistencyLevel: "APPLICATION" });
    // The plan page carries the live checklist, and its instance links back to the assistant.
    await expect(page.getByRole("list", { name: "Prerequisite checks" })).toBeVisible();
    await expect(instance.predicted()).toHaveAttribute("data-level", "APPLICATION");
    await plan.instances().getByRole("link", { name: NEW_MYSQL.name }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${NEW_MYSQL.id}\\?region=${HK}`));
    await expect(page.getByTestId("instance-job").first()).toBeVisible();
    await expect(page.locator('[data-testid="instance-job"][data-mismatch]')).toHaveCount(0);
  });

  test("the ECS Instances list searches on the server, keeps the search in the URL and opens an instance", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit(`/instances?region=${HK}`);
    await expect(page.getByRole("heading", { level: 1, name: "ECS Instances" })).toBeVisible();
    await page.getByRole("searchbox", { name: "Search instances" }).fill("scripts-lab");
    await expect(page).toHaveURL(/q=scripts-lab/);
    const rows = page.getByRole("table", { name: "ECS instances" }).getByRole("row");
    await expect(rows).toHaveCount(2);
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search instances" })).toHaveValue("scripts-lab");
    await page.getByRole("link", { name: "hk-scripts-lab" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("hk-scripts-lab");
    await expect(page.getByTestId("instance-id")).toContainText("i-j6cdemo000000014");
    // An id ECS does not know is still a 404, not a page titled with it.
    const missing = await page.goto(`/instances/i-j6cnosuchinstance?region=${HK}`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByText("There is no ECS instance with this id in this region.")).toBeVisible();
  });
});

test.describe("scripts: Dry run", () => {
  const LAB = "i-j6cdemo000000014"; // hk-scripts-lab, CentOS 7.9, no scripts

  test("a pre-freeze script that hangs is stopped by the timeout and the post-thaw script still runs", async ({ page }) => {
    test.setTimeout(90_000);
    await signInPage(page, admin);
    const instance = new InstancePage(page);
    await instance.open(HK, LAB);
    await instance.editor("preScript").fill("#!/bin/bash\necho freezing\nsleep 3600\n");
    await instance.editor("postScript").fill("#!/bin/bash\necho thawed\nexit 0\n");
    await instance.timeout().fill("10");
    await instance.dryRun().click();
    await expect(instance.dialog()).toContainText("may hold the application for up to 10 s");
    await expect(instance.previewStep("preFreeze")).toContainText("RunCommand");
    await expect(instance.previewStep("postThaw")).toBeVisible();
    await instance.confirmAndWait("Start dry run", "failed");
    await expect(instance.taskStep("preFreeze")).toHaveAttribute("data-status", "failed");
    await expect(instance.taskStep("preFreeze")).toContainText("stopped after 10 s");
    await expect(instance.taskStep("preFreeze")).toContainText("freezing");
    await expect(instance.taskStep("postThaw")).toHaveAttribute("data-status", "done");
    // The exit code and duration are said once; the task's date is in the console's format ("Dec 7, 2026, 4:05 AM").
    await expect(instance.taskStep("postThaw").getByTestId("step-outcome")).toHaveText(/^exit code 0 after \d+\.\d s$/);
    await expect(instance.latestTask().getByTestId("task-requested")).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M( by .+)?$/);
    await expect(instance.taskStep("postThaw")).toContainText("thawed");
    await expect(instance.latestTask().getByTestId("task-summary")).toContainText("thawed");
    await expectAccessible(page);
  });

  test("a gallery pair dry-runs cleanly; bad scripts are refused in the editor before anything runs", async ({ page }) => {
    await signInPage(page, admin);
    const instance = new InstancePage(page);
    await instance.open(HK, LAB);
    await instance.editor("preScript").fill("echo no shebang");
    await expect(page.getByText("Start the script with a shebang line, e.g. #!/bin/bash")).toBeVisible();
    await instance.dryRun().click();
    await expect(instance.dialog()).toBeHidden();
    await expect(instance.editor("preScript")).toBeFocused();
    await instance.galleryScript("redis").click();
    await instance.dryRun().click();
    await instance.confirmAndWait("Start dry run", "done");
    await expect(instance.taskStep("preFreeze")).toHaveAttribute("data-status", "done");
    await expect(instance.taskStep("postThaw")).toHaveAttribute("data-status", "done");
  });

  test("a viewer sees every check and fix but cannot run any", async ({ page, makeUser, adminApi }) => {
    // Viewers read the last check an admin's live check recorded, with its time, and cannot re-check.
    const recorded = await (await adminApi.get(`/api/regions/${HK}/instances/${NEW_MYSQL.id}/prerequisites`)).json();
    await signInPage(page, await makeUser("viewer"));
    const instance = new InstancePage(page);
    await instance.open(HK, NEW_MYSQL.id);
    await expect(instance.check("os")).toBeVisible();
    await expect(page.getByTestId("checked-at")).toContainText("Checked");
    await expect(page.getByTestId("checked-at").locator("time")).toHaveAttribute("datetime", recorded.checkedAt);
    await expect(instance.recheck()).toHaveCount(0);
    await expect(page.getByText("Only administrators can run fixes")).toBeVisible();
    await expect(instance.fix("ramRole")).toHaveCount(0);
    await expect(instance.fix("cloudAssistant")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Set up RAM role" })).toHaveCount(0);
    await expect(instance.dryRun()).toBeDisabled();
    await expect(instance.upload()).toBeDisabled();
    await expect(page.getByTestId("scripts-reason")).toHaveText("Only admins can run scripts on an instance.");
    await expectAccessible(page);
  });
});

async function uploadGalleryScripts(instance: InstancePage, galleryId: string): Promise<void> {
  await instance.galleryScript(galleryId).click();
  await expect(instance.editor("preScript")).toHaveValue(/^#!/);
  await instance.upload().click();
  await expect(instance.previewStep("uploadPreScript")).toContainText("Upload /tmp/prescript.sh");
  await expect(instance.previewStep("verify")).toContainText("Verify");
  await instance.confirmAndWait("Run fix");
  await expect(instance.taskStep("verify")).toHaveAttribute("data-status", "done");
}
