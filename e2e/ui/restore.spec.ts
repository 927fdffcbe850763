import { randomBytes, randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { $Ecs } from "../../emulator/testing/clients";
import { ecs } from "../fixtures/cloud";
import { admin, emulatorURL } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { RestorePage } from "../pages/restore.page";
import { labels } from "@/lib/schemas/labels";
import { consistencyLabels, defaultPlanInput, type CreatePlanInput, type PlanDetail } from "@/lib/schemas/plan";
import type { BackupPoint, CreateRestore, Restore } from "@/lib/schemas/restore";

// Restore through the UI, checked in the cloud itself: a rollback brings back a guest file's old content, a new
// instance restored from a cross-region replica lands in the chosen vSwitch, and a viewer sees history but can
// start, retry or cancel nothing. Instances changed here belong to this spec alone: sh-zfs (rolled back),
// hz-win-2019 (a rollback cancelled) and hz-stopped (gets restored disks); hz-no-role, hz-agent-absent and
// hz-efficiency are only backed up (Manual Backup plans bind no policy, so other specs' plans on them are unaffected).
const HZ = "cn-hangzhou";
const SH = "cn-shanghai";
const SG = "ap-southeast-1";

async function instanceIdOf(api: APIRequestContext, regionId: string, name: string): Promise<string> {
  const res = await api.get(`/api/regions/${regionId}/instances?q=${name}`);
  const { instances } = (await res.json()) as { instances: { instanceId: string; instanceName: string }[] };
  return instances.find((i) => i.instanceName === name)!.instanceId;
}

/** A Manual Backup plan of one instance: saving it runs its one backup. */
async function savePlan(api: APIRequestContext, regionId: string, instanceId: string, patch: Partial<CreatePlanInput> = {}): Promise<PlanDetail> {
  const input = { ...defaultPlanInput(regionId), name: `ui-restore-${randomBytes(3).toString("hex")}`, backupObjects: { instances: [{ instanceId, protectAllDisks: true, diskIds: [] }] }, ...patch };
  const res = await api.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as PlanDetail;
}

/** The plan's newest backup point, once it is there (with its replica, when `replicaRegionId` is asked for). */
async function backupPointOf(api: APIRequestContext, planId: string, replicaRegionId?: string): Promise<BackupPoint> {
  let point: BackupPoint | undefined;
  await expect(async () => {
    const res = await api.get(`/api/backup-points?planId=${planId}`);
    expect(res.status()).toBe(200);
    point = ((await res.json()) as { items: BackupPoint[] }).items[0];
    expect(point).toBeDefined();
    if (replicaRegionId) expect(point!.replicaRegionId).toBe(replicaRegionId);
  }).toPass({ timeout: 120_000 });
  return point!;
}

async function restoresOf(api: APIRequestContext, query: string): Promise<Restore[]> {
  const res = await api.get(`/api/restores?${query}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: Restore[] }).items;
}

/** Runs a shell script on the instance through Cloud Assistant and returns what it printed. */
async function runShell(regionId: string, instanceId: string, script: string): Promise<string> {
  const client = ecs(regionId);
  const run = await client.runCommand(new $Ecs.RunCommandRequest({ regionId, instanceId: [instanceId], type: "RunShellScript", commandContent: script, contentEncoding: "PlainText", timeout: 60 }));
  const invokeId = run.body!.invokeId!;
  let output = "";
  await expect(async () => {
    const res = await client.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId, invokeId, instanceId, contentEncoding: "PlainText" }));
    const result = res.body?.invocation?.invocationResults?.invocationResult?.[0];
    expect(result?.invocationStatus).toBe("Success");
    output = result?.output ?? "";
  }).toPass({ timeout: 30_000 });
  return output;
}

/** ECS DescribeInstances, by id. */
async function describeInstance(regionId: string, instanceId: string) {
  const res = await ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([instanceId]) }));
  return res.body?.instances?.instance?.[0];
}

/** The ids of the disks ECS lists on an instance. */
async function diskIdsOf(regionId: string, instanceId: string): Promise<string[]> {
  const res = await ecs(regionId).describeDisks(new $Ecs.DescribeDisksRequest({ regionId, instanceId, pageSize: 100 }));
  return (res.body?.disks?.disk ?? []).map((d) => d.diskId!);
}

async function deleteInstance(regionId: string, instanceId: string | null): Promise<void> {
  if (instanceId) await ecs(regionId).deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId, force: true, forceStop: true }));
}

test.describe("restore", () => {
  test("a rollback through the dialog brings back the old content of /data/marker", async ({ page, adminApi, visit }) => {
    test.setTimeout(300_000);
    const tag = randomBytes(4).toString("hex");
    const name = "sh-zfs";
    const instanceId = await instanceIdOf(adminApi, SH, name);
    await runShell(SH, instanceId, `echo before-${tag} > /data/marker`);
    expect(await runShell(SH, instanceId, "cat /data/marker")).toBe(`before-${tag}\n`);

    // Saving a Manual Backup plan backs the instance up; then the file changes.
    const plan = await savePlan(adminApi, SH, instanceId);
    const point = await backupPointOf(adminApi, plan.id);
    await runShell(SH, instanceId, `echo after-${tag} > /data/marker`);
    expect(await runShell(SH, instanceId, "cat /data/marker")).toBe(`after-${tag}\n`);

    await signInPage(page, admin);
    await visit(`/plans/${plan.id}?region=${SH}`);
    const restore = new RestorePage(page);
    await expect(restore.pointRow(point.backupJobId)).toContainText(name);
    // Esc closes the dialog without restoring anything.
    await restore.openDialog(point.backupJobId);
    await page.keyboard.press("Escape");
    await expect(restore.dialog()).toHaveCount(0);
    await restore.openDialog(point.backupJobId);
    await expect(restore.kind("newInstance")).toBeChecked();
    await restore.kind("rollback").check();

    // Destructive: the warning names the instance and the backup point; Back up first is on; the name must be typed.
    await expect(restore.rollbackWarning()).toContainText(name);
    await expect(restore.rollbackWarning()).toContainText(instanceId);
    if (point.consistencyLevel) await expect(restore.rollbackWarning()).toContainText(consistencyLabels[point.consistencyLevel]);
    await expect(restore.toggle("Back up first")).toBeChecked();
    await expect(restore.toggle("Stop the instance first")).toBeChecked();
    await expect(restore.dialog()).toContainText("A Running instance must be stopped");
    await expectAccessible(page);
    const confirm = restore.submit("Roll back instance");
    await expect(confirm).toBeDisabled();
    await restore.field(/Type the instance name to confirm/).fill(`${name}-typo`);
    await expect(confirm).toBeDisabled();
    await restore.field(/Type the instance name to confirm/).fill(name);
    await expect(confirm).toBeEnabled();
    await confirm.click();

    // The Restore Center follows it to Succeeded, with its steps.
    await expect(page).toHaveURL(/\/restores/);
    const [made] = await restoresOf(adminApi, `planId=${plan.id}&kind=rollback`);
    expect(made?.backupPoint.backupJobId).toBe(point.backupJobId);
    await restore.expectStatus(made!.id, "succeeded", 240_000);
    await expect(restore.row(made!.id)).toContainText("Roll back the original instance");
    await expect(restore.row(made!.id).getByTestId("restore-result")).toContainText(instanceId);
    await restore.showSteps(made!.id);
    await expect(page.getByTestId("restore-step-backUpFirst")).toContainText("Done");
    await expect(page.getByTestId("restore-step-verifyResult")).toContainText("Done");
    await expectAccessible(page);

    // The guest file is as it was at the backup point.
    await expect(async () => expect(await runShell(SH, instanceId, "cat /data/marker")).toBe(`before-${tag}\n`)).toPass({ timeout: 60_000 });
    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("a new instance restored from a cross-region replica appears in ECS in the chosen vSwitch", async ({ page, adminApi, visit }) => {
    test.setTimeout(300_000);
    const tag = randomBytes(3).toString("hex");
    const instanceId = await instanceIdOf(adminApi, HZ, "hz-no-role");
    const plan = await savePlan(adminApi, HZ, instanceId, { replication: { enabled: true, destinationRegionId: SG, retention: { value: 7, unit: "days" } } });
    const point = await backupPointOf(adminApi, plan.id, SG);

    await signInPage(page, admin);
    await visit(`/plans/${plan.id}?region=${HZ}`);
    const restore = new RestorePage(page);
    await expect(restore.pointRow(point.backupJobId).getByTestId("backup-point-replica")).toHaveText("Replica in Singapore");
    await restore.openDialog(point.backupJobId);
    await expect(restore.kind("newInstance")).toBeChecked();

    // Restore in the replica's Destination Region, into zone B's vSwitch; no public IP unless asked, started after.
    const region = restore.field("Restore region");
    await expect(region.locator("option", { hasText: labels.destinationRegion })).toHaveText(`Singapore (${labels.destinationRegion}, replica)`);
    await region.selectOption(SG);
    const zoneId = `${SG}-b`;
    const vSwitchId = "vsw-apsoutheast1bdemo";
    await restore.field("Zone").selectOption(zoneId);
    await restore.field("Instance type").selectOption("ecs.g7.large");
    await restore.field("vSwitch").selectOption(vSwitchId);
    await restore.field("Security group").selectOption("sg-apsoutheast1demo");
    const instanceName = `restored-${tag}`;
    await restore.field("Instance name").fill(instanceName);
    await restore.field("Host name").fill(instanceName);
    await expect(restore.toggle("Assign a public IP")).not.toBeChecked();
    await expect(restore.toggle("Start the instance after restore")).toBeChecked();
    await expectAccessible(page);

    // A private IP outside the vSwitch is refused by the server, and the refusal lands under its field.
    const privateIp = restore.field("Private IP address (optional)");
    await privateIp.fill("10.9.9.9");
    await restore.submit("Create instance").click();
    await expect(privateIp).toHaveAttribute("aria-invalid", "true");
    await expect(restore.dialog()).toContainText("10.9.9.9 is not in the vSwitch's CIDR block");
    await expect(privateIp).toBeFocused();
    await privateIp.fill("");
    await restore.submit("Create instance").click();

    await expect(page).toHaveURL(/\/restores/);
    const [made] = await restoresOf(adminApi, `planId=${plan.id}&kind=newInstance`);
    expect(made?.restoreRegionId).toBe(SG);
    await restore.expectStatus(made!.id, "succeeded", 240_000);
    await expect(restore.row(made!.id)).toContainText("Singapore");
    const resultId = (await restoresOf(adminApi, `planId=${plan.id}&kind=newInstance`))[0]!.resultInstanceId;
    expect(resultId).toMatch(/^i-/);
    await expect(restore.row(made!.id).getByRole("link", { name: resultId! })).toHaveAttribute("href", `/instances/${resultId}?region=${SG}`);

    // ECS itself: the new instance in Singapore, in the chosen zone and vSwitch, Running, without a public IP.
    const described = await describeInstance(SG, resultId!);
    expect(described?.instanceName).toBe(instanceName);
    expect(described?.zoneId).toBe(zoneId);
    expect(described?.vpcAttributes?.vSwitchId).toBe(vSwitchId);
    expect(described?.publicIpAddress?.ipAddress ?? []).toEqual([]);
    await expect(async () => expect((await describeInstance(SG, resultId!))?.status).toBe("Running")).toPass({ timeout: 60_000 });
    const inVSwitch = await ecs(SG).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: SG, vSwitchId, pageSize: 100 }));
    expect(inVSwitch.body?.instances?.instance?.map((i) => i.instanceId)).toContain(resultId);

    await deleteInstance(SG, resultId);
    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("a viewer sees restore history but cannot restore, retry or cancel; an admin's Retry resumes a failed restore", async ({ page, adminApi, makeUser, apiAs, visit }) => {
    test.setTimeout(300_000);
    const tag = randomBytes(3).toString("hex");
    const instanceId = await instanceIdOf(adminApi, HZ, "hz-agent-absent");
    const plan = await savePlan(adminApi, HZ, instanceId);
    const point = await backupPointOf(adminApi, plan.id);

    // HBR refuses this backup point's restore job once, so the restore fails with the cloud's code.
    const fault = await fetch(`${emulatorURL}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "error", action: "CreateRestoreJob", code: "InvalidParameter", status: 400, message: "The specified parameter is invalid.", count: 1, params: { SnapshotId: point.hbrSnapshotId } }),
    });
    expect(fault.status).toBe(200);
    const request: CreateRestore = {
      kind: "newInstance",
      backupJobId: point.backupJobId,
      restoreRegionId: HZ,
      zoneId: `${HZ}-b`,
      instanceType: "ecs.g7.large",
      vSwitchId: "vsw-cnhangzhoubdemo",
      securityGroupId: "sg-cnhangzhoudemo",
      instanceName: `viewer-check-${tag}`,
      hostName: `viewer-check-${tag}`,
      privateIpAddress: "",
      allocatePublicIp: false,
      diskCategory: "cloud_essd",
      diskPerformanceLevel: "PL1",
      bootAfterRestore: true,
    };
    const created = await adminApi.post("/api/restores", { data: request });
    expect(created.status(), await created.text()).toBe(202);
    const { id } = (await created.json()) as Restore;
    await expect(async () => expect(((await (await adminApi.get(`/api/restores/${id}`)).json()) as Restore).status).toBe("failed")).toPass({ timeout: 90_000 });

    // The viewer: the history with the cloud's code and RequestId, and no button to change anything.
    const viewer = await makeUser("viewer");
    await signInPage(page, viewer);
    await visit(`/restores?status=failed`);
    const restore = new RestorePage(page);
    await expect(restore.statusFilter()).toHaveValue("failed");
    await expect(restore.row(id)).toBeVisible();
    await expect(restore.row(id).getByTestId("restore-error")).toContainText("InvalidParameter");
    await expect(restore.row(id).getByTestId("restore-error")).toContainText("RequestId");
    await expect(page.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Cancel/ })).toHaveCount(0);
    await visit(`/plans/${plan.id}?region=${HZ}`);
    await expect(restore.pointRow(point.backupJobId)).toBeVisible();
    await expect(restore.restoreButtons()).toHaveCount(0);
    await visit(`/instances/${instanceId}?region=${HZ}`);
    await expect(restore.pointRow(point.backupJobId)).toBeVisible();
    await expect(restore.restoreButtons()).toHaveCount(0);
    const viewerApi = await apiAs(viewer);
    expect((await viewerApi.post("/api/restores", { data: request })).status()).toBe(403);
    expect((await viewerApi.post(`/api/restores/${id}/retry`, { data: {} })).status()).toBe(403);
    expect((await viewerApi.post(`/api/restores/${id}/cancel`, { data: {} })).status()).toBe(403);
    expect((await viewerApi.get(`/api/restores/${id}`)).status()).toBe(200);

    // The admin's Retry resumes it, and this time HBR takes it.
    await page.context().clearCookies();
    await signInPage(page, admin);
    await visit(`/restores?status=failed`);
    await restore.row(id).getByRole("button", { name: /^Retry/ }).click();
    await restore.statusFilter().selectOption("");
    await expect(page).not.toHaveURL(/status=/);
    await restore.expectStatus(id, "succeeded", 240_000);
    const done = (await (await adminApi.get(`/api/restores/${id}`)).json()) as Restore;
    expect((await describeInstance(HZ, done.resultInstanceId!))?.instanceName).toBe(request.instanceName);

    await deleteInstance(HZ, done.resultInstanceId);
    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("Restore disks, started from the Restore Center, attaches the backup point's disks to the instance picked in the dialog", async ({ page, adminApi, visit }) => {
    test.setTimeout(300_000);
    const sourceId = await instanceIdOf(adminApi, HZ, "hz-efficiency");
    const targetName = "hz-stopped";
    const targetId = await instanceIdOf(adminApi, HZ, targetName);
    const plan = await savePlan(adminApi, HZ, sourceId);
    const point = await backupPointOf(adminApi, plan.id);
    expect(point.diskIds.length).toBe(2);
    const before = await diskIdsOf(HZ, targetId);

    await signInPage(page, admin);
    // Started from the Restore Center this time: it lists the region's backup points too.
    await visit(`/restores?region=${HZ}`);
    const restore = new RestorePage(page);
    await expect(page.getByRole("heading", { name: /^Restore a backup point in/ })).toBeVisible();
    await restore.openDialog(point.backupJobId);
    await restore.kind("disks").check();
    // HBR's UDM_ECS_DISK restores a backup point's disks together: the dialog lists them, with no choice to offer.
    const disks = restore.dialog().getByTestId("restore-disks-list").getByRole("listitem");
    await expect(disks).toHaveText(point.diskIds);
    const submit = restore.submit("Restore disks");
    await restore.field(/Search instances in/).fill(targetName);
    await restore.dialog().getByRole("radio", { name: new RegExp(targetName) }).check();
    await expect(restore.dialog().getByTestId("disks-in-place")).toHaveCount(0);
    await expectAccessible(page);
    await submit.click();

    // Already on the Restore Center: the dialog closing is the sign the restore was accepted.
    await expect(restore.dialog()).toBeHidden();
    await expect(page).toHaveURL(/\/restores/);
    const [made] = await restoresOf(adminApi, `planId=${plan.id}&kind=disks`);
    await restore.expectStatus(made!.id, "succeeded", 240_000);
    await expect(restore.row(made!.id)).toContainText("Restore disks");
    await expect(restore.row(made!.id).getByTestId("restore-result")).toContainText(targetId);

    // ECS: the target has the backup point's disks as new disks, and the source keeps its own.
    const after = await diskIdsOf(HZ, targetId);
    expect(after.length).toBe(before.length + point.diskIds.length);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await diskIdsOf(HZ, sourceId)).toEqual(expect.arrayContaining(point.diskIds));
    await adminApi.delete(`/api/plans/${plan.id}`);
  });

  test("Cancel asks first, then stops a running rollback", async ({ page, adminApi, visit }) => {
    test.setTimeout(300_000);
    const name = "hz-win-2019";
    const instanceId = await instanceIdOf(adminApi, HZ, name);
    const plan = await savePlan(adminApi, HZ, instanceId);
    const point = await backupPointOf(adminApi, plan.id);
    // Back up first runs a whole backup job first: time enough to cancel while the restore runs.
    const created = await adminApi.post("/api/restores", { data: { kind: "rollback", backupJobId: point.backupJobId, restoreRegionId: HZ, confirmInstanceName: name, backUpFirst: true, stopInstance: true, bootAfterRestore: true } });
    expect(created.status(), await created.text()).toBe(202);
    const { id } = (await created.json()) as Restore;

    await signInPage(page, admin);
    await visit("/restores?kind=rollback");
    const restore = new RestorePage(page);
    await expect(restore.kindFilter()).toHaveValue("rollback");
    await restore.row(id).getByRole("button", { name: /^Cancel/ }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText(`Roll back the original instance from the backup of ${name}`);
    await dialog.getByRole("button", { name: "Cancel restore" }).click();
    await restore.expectStatus(id, "canceled", 120_000);
    await expect(restore.row(id).getByRole("button", { name: /^(Cancel|Retry)/ })).toHaveCount(0);
    await restore.showSteps(id);
    // Whether the cancel landed before HBR was asked or while its job ran, the result is never checked or booted.
    await expect(page.getByTestId("restore-step-verifyResult")).toContainText("Skipped");
    const done = (await (await adminApi.get(`/api/restores/${id}`)).json()) as Restore;
    expect(done.status).toBe("canceled");
    expect(done.finishedAt).not.toBeNull();
    await adminApi.delete(`/api/plans/${plan.id}`);
  });
});
