import { randomBytes, randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { admin, emulatorURL } from "../fixtures/config";
import { hbr } from "../fixtures/cloud";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { PlanPage } from "../pages/plan.page";
import { defaultPlanInput, planActionLabels, type PlanDetail } from "@/lib/schemas/plan";

// Admin actions on saved plans, only through the UI: Run backup now (followed live to its consistency level and
// snapshot), Pause and Resume (checked in HBR), the bulk bar on the list, and what a viewer does not get.
// Hong Kong supports backup policies; these instances are used by no other spec (an instance can be bound to
// one policy only, and specs run side by side).
const REGION = "cn-hongkong";
const SINGLE = "hk-centos8";
const BULK = ["hk-ubuntu16-old", "hk-ssd-mixed"] as const;
const REFUSED = "hk-role-no-policy";

async function instanceIdOf(api: APIRequestContext, name: string): Promise<string> {
  const res = await api.get(`/api/regions/${REGION}/instances?q=${name}`);
  const { instances } = (await res.json()) as { instances: { instanceId: string; instanceName: string }[] };
  return instances.find((i) => i.instanceName === name)!.instanceId;
}

/** An Auto Backup plan with a new daily policy, created through the API (not yet provisioned). */
async function savePolicyPlan(api: APIRequestContext, instanceName: string, name: string): Promise<PlanDetail> {
  const input = {
    ...defaultPlanInput(REGION),
    name,
    backupObjects: { instances: [{ instanceId: await instanceIdOf(api, instanceName), protectAllDisks: true, diskIds: [] }] },
    backupMode: {
      mode: "auto",
      schedule: { kind: "newPolicy", policyName: `${name}-policy`, startTime: "2031-01-01T02:00:00Z", interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } },
    },
  };
  const res = await api.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as PlanDetail;
}

/** The same, waited on until Active. */
async function activePolicyPlan(api: APIRequestContext, instanceName: string, name: string): Promise<PlanDetail> {
  const { id } = await savePolicyPlan(api, instanceName, name);
  let plan: PlanDetail | undefined;
  await expect(async () => {
    plan = (await (await api.get(`/api/plans/${id}`)).json()) as PlanDetail;
    expect(plan.status).toBe("active");
  }).toPass({ timeout: 45_000 });
  return plan!;
}

async function bindingDisabled(plan: PlanDetail): Promise<boolean> {
  const res = await hbr(REGION)("DescribePolicyBindings", { PolicyId: plan.policyId, MaxResults: 100 });
  return res.PolicyBindings[0].Disabled;
}

const actionButton = (page: Page, kind: keyof typeof planActionLabels) => page.getByRole("main").getByRole("button", { name: planActionLabels[kind], exact: true });

test.describe("plan actions", () => {
  test("Run backup now is followed live to its snapshot; Pause and Resume reach HBR; viewers get none of it", async ({ page, adminApi, makeUser, visit }) => {
    test.setTimeout(150_000);
    const tag = randomBytes(3).toString("hex");
    const plan = await activePolicyPlan(adminApi, SINGLE, `ui-actions-${tag}`);
    await signInPage(page, admin);
    await visit(`/plans/${plan.id}?region=${REGION}`);
    const view = new PlanPage(page);
    await expect(view.heading()).toHaveText(plan.name);
    await expect(page.getByTestId("plan-schedule")).toContainText("Running");
    await expect(page.getByTestId("next-runs").getByRole("listitem")).toHaveCount(5);

    // Run backup now: the action and the job show up and move without a reload.
    await actionButton(page, "runNow").click();
    const actions = page.getByRole("table", { name: "Recent actions" });
    await expect(actions).toContainText(planActionLabels.runNow);
    await expect(actions).toContainText("done", { timeout: 30_000 });
    await expect(view.jobs().getByRole("progressbar")).toHaveCount(1);
    await expect(view.jobs()).toContainText("Manual");
    await expect(view.jobs().getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(view.jobs().getByTestId("job-consistency")).toContainText("consistent", { timeout: 30_000 });
    const snapshots = page.getByRole("table", { name: "Snapshots" });
    await expect(snapshots).toContainText(/s-0/);
    await expect(snapshots).toContainText(/GiB|MiB/);
    await expect(view.instances()).not.toContainText("None yet");
    await expectAccessible(page);

    // Pause asks first, then the binding is disabled in HBR and the page says Paused.
    await actionButton(page, "pause").click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Scheduled backups of 1 ECS instance stop");
    await dialog.getByRole("button", { name: "Pause plan" }).click();
    await expect(page.getByTestId("plan-schedule")).toContainText("Paused", { timeout: 30_000 });
    await expect(actionButton(page, "resume")).toBeVisible();
    await expect(actionButton(page, "pause")).toHaveCount(0);
    expect(await bindingDisabled(plan)).toBe(true);
    await expect(page.getByText("Paused: no backups run until the plan is resumed.")).toBeVisible();

    await actionButton(page, "resume").click();
    await expect(page.getByTestId("plan-schedule")).toContainText("Running", { timeout: 30_000 });
    expect(await bindingDisabled(plan)).toBe(false);

    // The downloads are there for everyone; the actions are not.
    await expect(page.getByRole("link", { name: "Export Terraform" })).toHaveAttribute("href", `/api/plans/${plan.id}/export/terraform`);
    const viewer = await makeUser("viewer");
    await page.context().clearCookies();
    await signInPage(page, viewer);
    await visit(`/plans/${plan.id}?region=${REGION}`);
    await expect(view.heading()).toHaveText(plan.name);
    await expect(page.getByRole("link", { name: "Export jobs (CSV)" })).toBeVisible();
    for (const kind of ["runNow", "pause", "resume"] as const) await expect(actionButton(page, kind)).toHaveCount(0);
    await visit(`/plans?region=${REGION}&q=${plan.name}`);
    await expect(view.row(plan.name)).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("the list's bulk bar pauses several plans, says which it skipped, and the Paused and RPO filters stay in the URL", async ({ page, adminApi, visit }) => {
    test.setTimeout(150_000);
    const tag = randomBytes(3).toString("hex");
    const plans = await Promise.all(BULK.map((name, i) => activePolicyPlan(adminApi, name, `ui-bulk-${tag}-${i}`)));
    // Only the second one is paused beforehand: the bulk Pause then applies to one plan and skips the other.
    expect((await adminApi.post(`/api/plans/${plans[1]!.id}/actions`, { data: { kind: "pause" } })).status()).toBe(202);
    await expect(async () => expect(((await (await adminApi.get(`/api/plans/${plans[1]!.id}`)).json()) as PlanDetail).paused).toBe(true)).toPass({ timeout: 30_000 });

    await signInPage(page, admin);
    await visit(`/plans?region=${REGION}&q=ui-bulk-${tag}`);
    const list = new PlanPage(page);
    await expect(list.row(plans[1]!.name)).toContainText("Paused");
    await page.getByRole("checkbox", { name: "Select every plan on this page" }).check();
    const bar = page.getByRole("toolbar", { name: "Bulk actions" });
    await expect(bar).toContainText("2 selected");
    await bar.getByRole("button", { name: planActionLabels.pause }).click();
    const dialog = page.getByRole("alertdialog");
    // The confirmation counts what will happen: one plan and its one instance, the paused one skipped with the reason.
    await expect(dialog.getByRole("heading")).toHaveText(`${planActionLabels.pause}: 1 of 2 plans?`);
    await expect(dialog).toContainText("Scheduled backups of 1 ECS instance stop");
    await expect(dialog.getByTestId("bulk-applies")).toHaveText([`${plans[0]!.name} (1 ECS instance)`]);
    await expect(dialog.getByTestId("bulk-skipped")).toHaveText([`${plans[1]!.name} is already paused.`]);
    await dialog.getByRole("button", { name: planActionLabels.pause }).click();
    const outcome = page.getByTestId("bulk-outcome");
    await expect(outcome).toContainText("queued for 1 plan, 1 skipped");
    await expect(outcome).toContainText(`${plans[1]!.name} is already paused.`);
    await expect(bar).toHaveCount(0);
    await expect(list.row(plans[0]!.name)).toContainText("Paused", { timeout: 30_000 });
    await expectAccessible(page);

    const paused = page.getByRole("combobox", { name: "Paused" });
    await paused.selectOption("false");
    await expect(page).toHaveURL(/paused=false/);
    await expect(list.row(plans[0]!.name)).toHaveCount(0);
    await page.reload();
    await expect(paused).toHaveValue("false");
    await paused.selectOption("");

    // Neither plan has missed a run (their schedule starts in 2031): the RPO filter finds them met, not breached.
    const rpo = page.getByRole("combobox", { name: "RPO" });
    await rpo.selectOption("breached");
    await expect(page).toHaveURL(/rpo=breached/);
    await expect(page.getByText("No protection plans match these filters")).toBeVisible();
    await page.reload();
    await expect(rpo).toHaveValue("breached");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).not.toHaveURL(/rpo=/);

    for (const p of plans) await adminApi.delete(`/api/plans/${p.id}`);
  });

  test("a plan the cloud refuses shows Failed with the cloud's code, and Retry takes it to Active", async ({ page, adminApi, visit }) => {
    test.setTimeout(120_000);
    const name = `ui-retry-${randomBytes(3).toString("hex")}`;
    // One permanent refusal of this plan's policy only (matched on its name), so other specs' plans are untouched.
    const fault = await fetch(`${emulatorURL}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "error", code: "Forbidden.RAM", status: 403, message: "User not authorized to operate on the specified resource.", count: 1, params: { PolicyName: `${name}-policy` } }),
    });
    expect(fault.status).toBe(200);
    const saved = await savePolicyPlan(adminApi, REFUSED, name);

    await signInPage(page, admin);
    await visit(`/plans/${saved.id}?region=${REGION}`);
    const view = new PlanPage(page);
    await view.expectStatus("failed");
    await expect(view.lastError()).toContainText("Forbidden.RAM");
    await expect(view.lastError()).toContainText("RequestId");
    await expect(view.lastError()).toContainText("Retry resumes from the failed step.");
    await expectAccessible(page);

    await view.retry().click();
    await view.expectStatus("active");
    await expect(view.lastError()).toHaveCount(0);
    await expect(view.steps()).not.toContainText("failed");
    await adminApi.delete(`/api/plans/${saved.id}`);
  });
});
