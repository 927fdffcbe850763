import { describe, expect, it } from "vitest";
import type { InstanceTask } from "@/lib/schemas/instances";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { listInstanceTasks, requestInstanceTask } from "@/lib/server/instances/tasks/instance-tasks";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

// Instance tasks end to end below the HTTP layer: the request records the task, its queue job and an audit event
// in one transaction; the live worker carries it out step by step; one task at a time per instance.

const world = setUpPlanWorld();
const HK = "cn-hongkong";
const NEW_MYSQL = "i-j6cdemo000000013"; // no role, no Cloud Assistant, no scripts
const ROLE_NO_POLICY = "i-j6cdemo000000005";

const deps = () => ({ db: getDb(), boss: world.boss, cloud: world.cloud });
const actor = () => ({ id: world.admin.id, requestId: "req-test" });

async function untilFinished(instanceId: string, taskId: string, timeoutMs = 20_000): Promise<InstanceTask> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = (await listInstanceTasks(getDb(), instanceId)).find((t) => t.id === taskId);
    if (task && (task.status === "done" || task.status === "failed")) return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task?.status}: ${JSON.stringify(task?.steps)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("instance tasks (database, queue, worker, emulator)", () => {
  it("runs the RAM role fix once, refuses a second task while it is open, audits it, and a rerun changes nothing", async () => {
    const first = await requestInstanceTask(deps(), HK, NEW_MYSQL, { kind: "ramRole" }, actor());
    expect(first).toMatchObject({ kind: "ramRole", status: "pending", done: 3, total: 4 });
    // The role and policy exist in the default scenario: only attaching the role to the instance is left.
    expect(first.steps.map((s) => s.status)).toEqual(["skipped", "skipped", "skipped", "pending"]);
    await expect(requestInstanceTask(deps(), HK, NEW_MYSQL, { kind: "cloudAssistant" }, actor())).rejects.toMatchObject({ code: "CONFLICT" });

    const done = await untilFinished(NEW_MYSQL, first.id);
    expect(done.status).toBe("done");
    expect(done.steps.find((s) => s.id === "attachRole")).toMatchObject({ status: "done", detail: `Attached AppSnapshotRoleName to ${NEW_MYSQL}` });
    expect(done.done).toBe(4);

    const audit = await getDb().auditEvent.findFirst({ where: { action: "instance.fix_ram_role", targetId: NEW_MYSQL } });
    expect(audit).toMatchObject({ actorId: world.admin.id, targetType: "instance", requestId: "req-test" });
    expect(audit?.after).toMatchObject({ taskId: first.id, regionId: HK, kind: "ramRole" });

    const rerun = await untilFinished(NEW_MYSQL, (await requestInstanceTask(deps(), HK, NEW_MYSQL, { kind: "ramRole" }, actor())).id);
    expect(rerun.status).toBe("done");
    expect(rerun.steps.map((s) => s.status)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    expect(rerun.summary).toMatch(/^Nothing to change/);
  });

  it("refuses a fix that would overwrite the instance's other role, with the reason, and records nothing", async () => {
    const error = await requestInstanceTask(deps(), HK, ROLE_NO_POLICY, { kind: "ramRole" }, actor()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("CONFLICT");
    expect((error as ApiError).message).toContain("RoleWithoutPolicy");
    expect(await listInstanceTasks(getDb(), ROLE_NO_POLICY)).toEqual([]);
  });

  it("answers 404 with a field error for an instance that does not exist", async () => {
    await expect(requestInstanceTask(deps(), HK, "i-j6cmissing", { kind: "cloudAssistant" }, actor())).rejects.toMatchObject({ code: "NOT_FOUND", fieldErrors: { instanceId: [expect.stringContaining("i-j6cmissing")] } });
  });

  it("records the checklist's prediction for an application-consistent plan before its first backup, and keeps it with the job", async () => {
    const input = defaultPlanInput(HK);
    input.name = `predicted-${Date.now()}`;
    input.backupObjects.instances = [{ instanceId: "i-j6cdemo000000010", protectAllDisks: true, diskIds: [] }]; // hk-prescript-only
    input.appConsistency.enabled = true;
    input.acknowledgedConsistency = true; // predicted FILE_SYSTEM: the plan is made knowingly
    const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
    const finished = await untilPlan(plan.id, (p) => p.jobs.some((j) => j.consistencyLevel !== null), 30_000);
    const row = await getDb().planInstance.findFirst({ where: { planId: plan.id } });
    expect(row?.predictedLevel).toBe("FILE_SYSTEM");
    expect(row?.predictedReason).toContain("/tmp/postscript.sh is missing");
    // HBR agrees: no mismatch to flag.
    expect(finished.jobs[0]).toMatchObject({ predictedLevel: "FILE_SYSTEM", consistencyLevel: "FILE_SYSTEM" });
  });
});
