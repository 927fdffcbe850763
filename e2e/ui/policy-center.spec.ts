import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { admin } from "../fixtures/config";
import { hbr } from "../fixtures/cloud";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import type { AuditList } from "@/lib/schemas/audit";
import { labels } from "@/lib/schemas/labels";
import { affectedInstancesText, noPoliciesInRegionText, type PolicyDetail } from "@/lib/schemas/policy";

// Policy Center, only through the UI: create a policy in Singapore, edit it while two instances are bound (the
// confirmation names both), delete refused while they are bound, deleted once they are not; viewers get no
// mutating control. sg-policy-app-1/2 are bound by this spec alone (an instance can be bound to one policy only,
// and specs run side by side); the bindings are made and removed through the emulator's HBR API.
const REGION = "ap-southeast-1";
const APP_1 = { id: "i-t4ndemo000000013", name: "sg-policy-app-1" };
const APP_2 = { id: "i-t4ndemo000000014", name: "sg-policy-app-2" };

const uniqueName = (tag: string) => `pc-${tag}-${randomBytes(3).toString("hex")}`;
const sg = hbr(REGION);

interface WireRule {
  RuleType: string;
  Schedule?: string;
  Retention?: number;
  ReplicationRegionId?: string;
}
async function rulesInHbr(policyId: string): Promise<WireRule[]> {
  const res = await sg("DescribePoliciesV2", { PolicyId: policyId });
  return res.Policies[0]?.Rules ?? [];
}

/** Removes what a failed run may have left: DeletePolicyV2 unbinds the instances too. */
async function removeInHbr(policyId: string | null): Promise<void> {
  if (!policyId) return;
  const res = await sg("DescribePoliciesV2", { PolicyId: policyId });
  if (res.Policies.length) await sg("DeletePolicyV2", { PolicyId: policyId });
}

const row = (page: Page, policyId: string) => page.getByTestId(`policy-row-${policyId}`);

async function createThroughApi(api: APIRequestContext, policyName: string): Promise<PolicyDetail> {
  const res = await api.post(`/api/regions/${REGION}/policies`, {
    data: { policyName, startTime: "2031-06-01T02:00:00Z", interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" }, replication: { enabled: false } },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as PolicyDetail;
}

test.describe("Policy Center", () => {
  test("create, edit with the affected instances listed, delete refused while bound, then deleted", async ({ page, adminApi, visit }) => {
    test.setTimeout(120_000);
    const name = uniqueName("ui");
    let policyId: string | null = null;
    try {
      await signInPage(page, admin);
      await visit(`/policies?region=${REGION}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(labels.policyCenter);
      await expect(page.getByRole("table", { name: "Backup policy support by region" })).toBeVisible();

      // Create: the form checks its fields, then HBR gets a BACKUP and a REPLICATION rule.
      await page.getByRole("button", { name: "Create policy" }).first().click();
      const dialog = page.getByRole("dialog", { name: "Create backup policy" });
      const policyName = dialog.getByRole("textbox", { name: "Policy name" });
      await dialog.getByRole("button", { name: "Create", exact: true }).click();
      await expect(policyName).toHaveAttribute("aria-invalid", "true");
      await policyName.fill(name);
      await dialog.getByLabel(labels.startTime, { exact: true }).fill("2031-01-01T02:00:00");
      await dialog.getByRole("spinbutton", { name: labels.backupInterval, exact: true }).fill("1");
      await dialog.getByRole("combobox", { name: `${labels.backupInterval} unit` }).selectOption("days");
      const schedule = dialog.getByRole("group", { name: "Backup schedule" });
      await schedule.getByRole("spinbutton", { name: labels.retentionPeriod, exact: true }).fill("14");
      await dialog.getByRole("switch", { name: labels.replication }).click();
      const replication = dialog.getByRole("group", { name: labels.replication });
      await expect(replication.getByRole("combobox", { name: labels.destinationRegion }).locator("option", { hasText: "Singapore" })).toHaveCount(0);
      await replication.getByRole("combobox", { name: labels.destinationRegion }).selectOption("cn-hongkong");
      await replication.getByRole("spinbutton", { name: labels.retentionPeriod, exact: true }).fill("1");
      await replication.getByRole("combobox", { name: `${labels.retentionPeriod} unit` }).selectOption("months");
      await expect(schedule.getByTestId("next-runs").getByRole("listitem")).toHaveCount(5);
      await expectAccessible(page);
      await dialog.getByRole("button", { name: "Create", exact: true }).click();

      const notice = page.getByTestId("policy-notice");
      await expect(notice).toContainText(`Created backup policy ${name}`);
      policyId = /\((po-[A-Za-z0-9]+)\)/.exec((await notice.textContent()) ?? "")?.[1] ?? null;
      expect(policyId).toMatch(/^po-/);
      const id = policyId!;
      await expect(row(page, id)).toContainText(name);
      await expect(row(page, id)).toContainText("Jan 1, 2031");
      // HBR keeps days: the 14 days entered read "14 days", never "2 weeks (14 days)".
      await expect(row(page, id)).toContainText("14 days");
      await expect(row(page, id)).not.toContainText("weeks");
      await expect(row(page, id)).toContainText("China (Hong Kong)");
      expect(await rulesInHbr(id)).toEqual([
        expect.objectContaining({ RuleType: "BACKUP", Schedule: expect.stringMatching(/^I\|\d+\|P1D$/), Retention: 14 }),
        expect.objectContaining({ RuleType: "REPLICATION", ReplicationRegionId: "cn-hongkong", Retention: 30 }),
      ]);

      // Two instances get bound to it outside the console.
      await sg("CreatePolicyBindings", {
        PolicyId: id,
        PolicyBindingList: [APP_1, APP_2].map((i) => ({ SourceType: "UDM_ECS", DataSourceId: i.id })),
      });

      // Details: the rules and the bound instances, read live.
      await row(page, id).getByRole("button", { name: new RegExp(`^${name}`) }).click();
      const bound = page.getByRole("table", { name: `Instances bound to ${name}` });
      await expect(bound).toContainText(APP_1.name);
      await expect(bound).toContainText(APP_2.id);
      await expect(page.getByRole("table", { name: `Rules of ${name}` })).toContainText(labels.replication);
      await expectAccessible(page);

      // Edit: the same form, prefilled; saving first lists every instance that will follow the new schedule.
      await row(page, id).getByRole("button", { name: `Edit ${name}` }).click();
      const edit = page.getByRole("dialog", { name: `Edit ${name}` });
      await expect(edit.getByRole("textbox", { name: "Policy name" })).toHaveValue(name);
      const editSchedule = edit.getByRole("group", { name: "Backup schedule" });
      await expect(editSchedule.getByRole("spinbutton", { name: labels.retentionPeriod, exact: true })).toHaveValue("14");
      await expect(editSchedule.getByRole("combobox", { name: `${labels.retentionPeriod} unit` })).toHaveValue("days");
      await expect(edit.getByRole("combobox", { name: labels.destinationRegion })).toHaveValue("cn-hongkong");
      await edit.getByRole("spinbutton", { name: labels.backupInterval, exact: true }).fill("2");
      await edit.getByRole("button", { name: "Save", exact: true }).click();

      const confirm = page.getByRole("dialog", { name: `Save changes to ${name}?` });
      const confirmation = confirm.getByTestId("policy-edit-confirmation");
      await expect(confirmation).toContainText(affectedInstancesText(2));
      const affected = confirm.getByRole("list", { name: "Affected instances" }).getByRole("listitem");
      await expect(affected).toHaveText([`${APP_1.name} (${APP_1.id})`, `${APP_2.name} (${APP_2.id})`]);
      await expect(confirm.getByTestId("policy-change-summary")).toContainText("Every day from");
      await expect(confirm.getByTestId("policy-change-summary")).toContainText("→ Every 2 days from");
      // The retention is unchanged: said once, in days.
      await expect(confirm.getByTestId("policy-change-summary")).toContainText(`${labels.retentionPeriod}14 days`);
      await expect(confirm.getByTestId("policy-change-summary")).not.toContainText("weeks");
      await expectAccessible(page);
      // Nothing is saved before the confirmation.
      expect((await rulesInHbr(id))[0]!.Schedule).toMatch(/\|P1D$/);
      await confirm.getByRole("button", { name: "Save policy" }).click();
      await expect(notice).toContainText(`Saved ${name}: ${affectedInstancesText(2)}.`);
      expect((await rulesInHbr(id))[0]!.Schedule).toMatch(/\|P2D$/);
      // After the edit the policy still reads 14 days.
      await expect(row(page, id)).toContainText("14 days");
      await expect(row(page, id)).not.toContainText("weeks");

      // Delete is refused while instances are bound, with their list; the API says the same.
      await row(page, id).getByRole("button", { name: `Delete ${name}` }).click();
      const refusal = page.getByRole("alertdialog", { name: `${name} can't be deleted` });
      await expect(refusal.getByTestId("policy-delete-refusal").getByRole("listitem")).toHaveText([`${APP_1.name} (${APP_1.id})`, `${APP_2.name} (${APP_2.id})`]);
      await expect(refusal.getByRole("button", { name: "Delete policy" })).toHaveCount(0);
      await expectAccessible(page);
      await refusal.getByRole("button", { name: "Close" }).click();
      const refused = await adminApi.delete(`/api/regions/${REGION}/policies/${id}`);
      expect(refused.status()).toBe(409);
      expect((await refused.json()).error.fieldErrors.boundInstances).toEqual([`${APP_1.name} (${APP_1.id})`, `${APP_2.name} (${APP_2.id})`]);
      expect(await rulesInHbr(id)).toHaveLength(2);

      // Unbound, it goes.
      await sg("DeletePolicyBinding", { PolicyId: id, SourceType: "UDM_ECS", DataSourceIds: [APP_1.id, APP_2.id] });
      await row(page, id).getByRole("button", { name: `Delete ${name}` }).click();
      const del = page.getByRole("alertdialog", { name: `Delete ${name}?` });
      await expect(del).toContainText(`No instance is bound to ${id}`);
      await del.getByRole("button", { name: "Delete policy" }).click();
      await expect(notice).toContainText(`Deleted backup policy ${name}`);
      await expect(row(page, id)).toHaveCount(0);
      expect((await sg("DescribePoliciesV2", { PolicyId: id })).Policies).toEqual([]);

      const audit = (await (await adminApi.get(`/api/audit?targetType=policy&targetId=${id}`)).json()) as AuditList;
      expect(audit.events.map((e) => e.action).sort()).toEqual(["policy.create", "policy.delete", "policy.update"]);
      policyId = null;
    } finally {
      await removeInHbr(policyId);
    }
  });

  test("a viewer sees the policies, their rules and instances, and no create, edit or delete", async ({ page, adminApi, makeUser, visit }) => {
    const policy = await createThroughApi(adminApi, uniqueName("viewer"));
    try {
      await signInPage(page, await makeUser("viewer"));
      await visit(`/policies?region=${REGION}`);
      await expect(row(page, policy.policyId)).toContainText(policy.policyName);
      await row(page, policy.policyId).getByRole("button", { name: new RegExp(`^${policy.policyName}`) }).click();
      await expect(page.getByRole("table", { name: `Rules of ${policy.policyName}` })).toContainText("Backup");
      await expect(page.getByText("No ECS instance is bound to this policy.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Create policy" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);
      await expectAccessible(page);
    } finally {
      expect((await adminApi.delete(`/api/regions/${REGION}/policies/${policy.policyId}`)).status()).toBe(204);
    }
  });

  test("a region without backup policies explains that Auto Backup uses a backup plan there", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit("/policies?region=cn-shanghai");
    await expect(page.getByRole("heading", { name: "No backup policies in China (Shanghai)" })).toBeVisible();
    await expect(page.getByText(noPoliciesInRegionText("China (Shanghai)"))).toBeVisible();
    await expect(page.getByRole("button", { name: "Create policy" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Backup policy support by region" }).getByRole("row").filter({ hasText: "Shanghai" })).toContainText("Not supported");
  });
});
