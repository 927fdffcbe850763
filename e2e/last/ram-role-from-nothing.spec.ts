import { $Ram } from "../../emulator/testing/clients";
import { admin, emulatorURL } from "../fixtures/config";
import { ram } from "../fixtures/cloud";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { InstancePage } from "../pages/instance.page";

// Runs after every other spec (playwright.config.ts, project "after-all"): it makes the emulator's account forget
// AppSnapshotRoleName and AppSnapshotPolicy, which the other specs' instances rely on, so the RAM role fix can be
// seen creating both from nothing, only through the UI, and creating nothing the second time.

const HK = "cn-hongkong";
const AGENT_ABSENT = "i-j6cdemo000000007"; // hk-agent-absent: held AppSnapshotRoleName until the account forgot it
const SEED_POLICY = {
  Version: "1",
  Statement: [{ Effect: "Allow", Action: ["ecs:DescribeSnapshot*", "ecs:CreateSnapshot*", "ecs:TagResources", "ecs:DescribeDisks"], Resource: ["*"], Condition: {} }],
};

test("the RAM role fix creates AppSnapshotRoleName and AppSnapshotPolicy from nothing, attaches both, and a second run changes nothing", async ({ page }) => {
  test.setTimeout(90_000);
  const forgot = await fetch(`${emulatorURL}/__emulator/ram/forget`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ roleNames: ["AppSnapshotRoleName"], policyNames: ["AppSnapshotPolicy"] }),
  });
  expect(forgot.status).toBe(200);
  expect((await forgot.json()).roles).not.toContain("AppSnapshotRoleName");

  await signInPage(page, admin);
  const instance = new InstancePage(page);
  await instance.open(HK, AGENT_ABSENT);
  await expect(instance.check("ramRole")).toHaveAttribute("data-status", "fail");
  await instance.check("ramRole").getByRole("button", { name: "Set up RAM role" }).click();
  await expect(instance.previewSummary()).toHaveText("4 of 4 steps will make changes.");
  for (const id of ["createRole", "createPolicy", "attachPolicy", "attachRole"]) await expect(instance.previewStep(id)).toHaveAttribute("data-status", "pending");
  await instance.previewStep("createRole").getByText("Cloud calls").click();
  await expect(instance.previewStep("createRole")).toContainText("RAM CreateRole");
  await expect(instance.previewStep("createRole")).toContainText("ecs.aliyuncs.com");
  await expectAccessible(page);
  await instance.confirmAndWait("Run fix");
  for (const id of ["createRole", "createPolicy", "attachPolicy", "attachRole"]) await expect(instance.taskStep(id)).toHaveAttribute("data-status", "done");
  await expect(instance.check("ramRole")).toHaveAttribute("data-status", "pass");

  await instance.fix("ramRole").click();
  await expect(instance.previewSummary()).toHaveText("Everything is in place already: running it changes nothing.");
  await instance.confirmAndWait("Run fix");
  for (const id of ["createRole", "createPolicy", "attachPolicy", "attachRole"]) await expect(instance.taskStep(id)).toHaveAttribute("data-status", "skipped");

  const client = await ram();
  const role = (await client.getRole(new $Ram.GetRoleRequest({ roleName: "AppSnapshotRoleName" }))).body?.role;
  expect(JSON.parse(role?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal.Service).toEqual(["ecs.aliyuncs.com"]);
  const policy = await client.getPolicy(new $Ram.GetPolicyRequest({ policyName: "AppSnapshotPolicy", policyType: "Custom" }));
  expect(JSON.parse(policy.body?.defaultPolicyVersion?.policyDocument ?? "{}")).toEqual(SEED_POLICY);
  const attached = await client.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: "AppSnapshotRoleName" }));
  expect(attached.body?.policies?.policy?.map((p) => `${p.policyType}:${p.policyName}`)).toEqual(["Custom:AppSnapshotPolicy"]);
});
