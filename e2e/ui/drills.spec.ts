import { randomBytes, randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { $Ecs } from "../../emulator/testing/clients";
import { admin } from "../fixtures/config";
import { ecs } from "../fixtures/cloud";
import { expect, signInPage, test } from "../fixtures";
import { DRILL_NAME_PREFIX, DRILL_TAG_KEY } from "@/lib/schemas/drill";
import { defaultPlanInput, type PlanDetail } from "@/lib/schemas/plan";

// Restore drills through the UI: one that passes and one whose probe fails, both leaving no drill instance in ECS
// (checked in the emulator through the official ECS client). sg-web-ubuntu-20 is used by no other spec.
const REGION = "ap-southeast-1";
const INSTANCE = "sg-web-ubuntu-20";

async function instanceIdOf(api: APIRequestContext, name: string): Promise<string> {
  const res = await api.get(`/api/regions/${REGION}/instances?q=${name}`);
  const { instances } = (await res.json()) as { instances: { instanceId: string; instanceName: string }[] };
  return instances.find((i) => i.instanceName === name)!.instanceId;
}

/** Writes /data/marker on the instance through Cloud Assistant and waits for the result. */
async function writeMarker(instanceId: string, text: string): Promise<void> {
  const client = ecs(REGION);
  const run = await client.runCommand(
    new $Ecs.RunCommandRequest({ regionId: REGION, instanceId: [instanceId], type: "RunShellScript", commandContent: `echo '${text}' > /data/marker`, contentEncoding: "PlainText", timeout: 60 }),
  );
  await expect(async () => {
    const res = await client.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId: REGION, invokeId: run.body!.invokeId!, instanceId }));
    expect(res.body?.invocation?.invocationResults?.invocationResult?.[0]?.invocationStatus).toBe("Success");
  }).toPass({ timeout: 30_000 });
}

/** An active manual plan of the instance with one backup point. */
async function backedUpPlan(api: APIRequestContext, instanceId: string, name: string): Promise<PlanDetail> {
  const input = { ...defaultPlanInput(REGION), name, backupObjects: { instances: [{ instanceId, protectAllDisks: true, diskIds: [] }] } };
  const created = await api.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as PlanDetail;
  await expect(async () => expect(((await (await api.get(`/api/plans/${id}`)).json()) as PlanDetail).status).toBe("active")).toPass({ timeout: 45_000 });
  const action = await api.post(`/api/plans/${id}/actions`, { data: { kind: "runNow" } });
  expect(action.status(), await action.text()).toBe(202);
  let plan: PlanDetail | undefined;
  await expect(async () => {
    plan = (await (await api.get(`/api/plans/${id}`)).json()) as PlanDetail;
    expect(plan.jobs.some((j) => j.hbrSnapshotId)).toBe(true);
  }).toPass({ timeout: 90_000 });
  return plan!;
}

/** Drill instances ECS still lists (by tag or by name), not counting ones already Deleted. */
async function drillInstancesLeft(): Promise<string[]> {
  const client = ecs(REGION);
  const tagged = await client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, tag: [new $Ecs.DescribeInstancesRequestTag({ key: DRILL_TAG_KEY })], pageSize: 100 }));
  const named = await client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceName: `${DRILL_NAME_PREFIX}*`, pageSize: 100 }));
  return [...(tagged.body?.instances?.instance ?? []), ...(named.body?.instances?.instance ?? [])].filter((i) => i.status !== "Deleted").map((i) => `${i.instanceId} ${i.instanceName} ${i.status}`);
}

test.describe("restore drills", () => {
  test("a drill that passes and one whose probe fails, both through the UI, leave no drill instance in ECS", async ({ page, adminApi, visit }) => {
    test.setTimeout(300_000);
    const tag = randomBytes(3).toString("hex");
    const instanceId = await instanceIdOf(adminApi, INSTANCE);
    await writeMarker(instanceId, `backed-up-${tag}`);
    const plan = await backedUpPlan(adminApi, instanceId, `ui-drills-${tag}`);
    await signInPage(page, admin);
    await visit(`/plans/${plan.id}?region=${REGION}`);
    const section = page.getByTestId("plan-drills");
    await expect(section.getByTestId("drill-last-verified")).toContainText("Not verified yet");

    // A drill with the default probe: it restores, boots, answers and is deleted; the proof shows with its RTO.
    await section.getByRole("button", { name: "Run restore drill" }).click();
    const dialog = page.getByRole("dialog", { name: "Run restore drill" });
    await expect(dialog.getByRole("combobox", { name: "Probe" })).toHaveValue("agent");
    await dialog.getByRole("button", { name: "Start drill" }).click();
    await expect(dialog).toBeHidden();
    const history = page.getByRole("table", { name: "Restore drills" });
    const passed = history.locator("tr[data-status]").first();
    await expect(passed).toHaveAttribute("data-status", "passed", { timeout: 120_000 });
    await expect(passed).toContainText("Passed");
    await expect(passed).toContainText("(deleted)");
    await expect(section.getByTestId("drill-last-verified")).toContainText("RTO");
    await passed.getByText(/^Output/).click();
    await expect(passed.locator("pre")).toContainText("agent-ok");
    expect(await drillInstancesLeft()).toEqual([]);

    // "File has content" with text the backup does not hold: the probe fails, the instance is still deleted.
    await section.getByRole("button", { name: "Run restore drill" }).click();
    await dialog.getByRole("combobox", { name: "Probe" }).selectOption("file");
    await dialog.getByRole("textbox", { name: "File path" }).fill("/data/marker");
    await dialog.getByRole("textbox", { name: "Expected line" }).fill(`not-what-was-backed-up-${tag}`);
    await dialog.getByRole("button", { name: "Start drill" }).click();
    await expect(dialog).toBeHidden();
    const failed = history.locator("tr[data-status]").first();
    await expect(failed).toHaveAttribute("data-status", "failed", { timeout: 120_000 });
    await expect(failed).toContainText("ProbeFailed");
    await expect(failed).toContainText("(deleted)");
    await expect(history.locator("tr[data-status]")).toHaveCount(2);
    expect(await drillInstancesLeft()).toEqual([]);

    // The plans list carries the proof of the passed drill (the failed one came later but the proof stands).
    await visit(`/plans?region=${REGION}&verified=yes`);
    await expect(page.getByTestId(`plan-row-${plan.id}`).getByTestId("plan-last-verified")).toContainText("RTO");
  });
});
