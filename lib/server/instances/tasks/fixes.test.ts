import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultScenario } from "@/emulator/scenario/default-scenario";
import { parseScenario } from "@/emulator/scenario/schema";
import type { RunningEmulator } from "@/emulator/server";
import type { TaskStep } from "@/lib/schemas/instances";
import { APP_SNAPSHOT_POLICY, APP_SNAPSHOT_ROLE } from "@/lib/schemas/plan";
import { $Ecs, $Ram, createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { cloudAssistantRunner } from "@/lib/server/instances/tasks/cloud-assistant";
import { loadTaskContext } from "@/lib/server/instances/tasks/task-context";
import { APP_SNAPSHOT_POLICY_DOCUMENT, ECS_SERVICE, ramRoleRunner } from "@/lib/server/instances/tasks/ram-role";
import type { TaskContext } from "@/lib/server/instances/tasks/task-runner";
import { startTestEmulator } from "@/lib/server/testing/emulator";

// The RAM role and Cloud Assistant fixes against an emulator whose account has neither AppSnapshotRoleName nor
// AppSnapshotPolicy (the default scenario has both): every step runs once, and a second run changes nothing.

const HK = "cn-hongkong";
const NEW_MYSQL = "i-j6cdemo000000013"; // Ubuntu 20.04, no role, no Cloud Assistant, no scripts
const ROLE_NO_POLICY = "i-j6cdemo000000005"; // has RoleWithoutPolicy
const AGENT_STOPPED = "i-j6cdemo000000006";
const WIN_AGENT_ABSENT = "i-j6cdemo000000008";
const STOPPED_WIN = "i-j6cdemo000000012";

let emulator: RunningEmulator;
let cloud: CloudClients;

beforeAll(async () => {
  const scenario = defaultScenario();
  scenario.ramRoles = (scenario.ramRoles ?? []).filter((r) => r.roleName !== APP_SNAPSHOT_ROLE);
  scenario.ramPolicies = [];
  // No instance can hold a role the account does not have.
  scenario.instances = (scenario.instances ?? []).map((i) => (i.ramRoleName === APP_SNAPSHOT_ROLE ? { ...i, ramRoleName: null } : i));
  scenario.generate = [];
  const started = await startTestEmulator({ scenario: parseScenario(scenario, "fixes.test.ts") });
  emulator = started.emulator;
  cloud = createCloudClients(started.env);
});
afterAll(() => emulator?.stop());

const context = (instanceId: string): Promise<TaskContext> => loadTaskContext(cloud, HK, instanceId);
const statusesOf = (steps: TaskStep[]) => Object.fromEntries(steps.map((s) => [s.id, s.status]));
const noReport = async () => {};

describe("the RAM role fix", () => {
  it("previews the exact calls, creates role and policy with the seed's document, attaches both; a second run changes nothing", async () => {
    const ctx = await context(NEW_MYSQL);
    const plan = await ramRoleRunner.plan(ctx, { kind: "ramRole" });
    expect(plan.blocker).toBeNull();
    expect(statusesOf(plan.steps)).toEqual({ createRole: "pending", createPolicy: "pending", attachPolicy: "pending", attachRole: "pending" });
    const calls = plan.steps.flatMap((s) => s.calls.map((c) => `${c.service} ${c.action}`));
    expect(calls).toEqual([
      "RAM GetRole",
      "RAM CreateRole",
      "RAM GetPolicy",
      "RAM CreatePolicy",
      "RAM ListPoliciesForRole",
      "RAM AttachPolicyToRole",
      "ECS DescribeInstanceRamRole",
      "ECS AttachInstanceRamRole",
    ]);
    const createPolicy = plan.steps[1]!.calls[1]!;
    expect(JSON.parse(String(createPolicy.params.PolicyDocument))).toEqual({
      Version: "1",
      Statement: [{ Effect: "Allow", Action: ["ecs:DescribeSnapshot*", "ecs:CreateSnapshot*", "ecs:TagResources", "ecs:DescribeDisks"], Resource: ["*"], Condition: {} }],
    });

    const reports: string[] = [];
    const summary = await ramRoleRunner.run(ctx, { kind: "ramRole" }, plan.steps, async () => {
      reports.push(plan.steps.map((s) => s.status[0]).join(""));
    });
    expect(statusesOf(plan.steps)).toEqual({ createRole: "done", createPolicy: "done", attachPolicy: "done", attachRole: "done" });
    expect(summary).toContain("4 of 4 steps changed something");
    // Progress was reported as each step started and ended.
    expect(reports.length).toBe(8);

    const ram = cloud.ram();
    const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: APP_SNAPSHOT_ROLE }))).body?.role;
    expect(JSON.parse(role?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal.Service).toEqual([ECS_SERVICE]);
    const policy = await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: APP_SNAPSHOT_POLICY, policyType: "Custom" }));
    expect(policy.body?.defaultPolicyVersion?.policyDocument).toBe(APP_SNAPSHOT_POLICY_DOCUMENT);

    // Twice: the preview says nothing will change, and running it calls no Create/Attach.
    const again = await ramRoleRunner.plan(await context(NEW_MYSQL), { kind: "ramRole" });
    expect(statusesOf(again.steps)).toEqual({ createRole: "skipped", createPolicy: "skipped", attachPolicy: "skipped", attachRole: "skipped" });
    expect(await ramRoleRunner.run(await context(NEW_MYSQL), { kind: "ramRole" }, again.steps, noReport)).toMatch(/^Nothing to change/);
    expect(statusesOf(again.steps)).toEqual({ createRole: "skipped", createPolicy: "skipped", attachPolicy: "skipped", attachRole: "skipped" });
    const attached = await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: APP_SNAPSHOT_ROLE }));
    expect(attached.body?.policies?.policy?.map((p) => p.policyName)).toEqual([APP_SNAPSHOT_POLICY]);
    const roles = await cloud.ecs(HK).describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId: HK, ramRoleName: APP_SNAPSHOT_ROLE }));
    expect(roles.body?.instanceRamRoleSets?.instanceRamRoleSet?.filter((s) => s.instanceId === NEW_MYSQL)).toHaveLength(1);

    const checklist = await checkPrerequisites(cloud, HK, NEW_MYSQL, { pollIntervalMs: 50 });
    expect(checklist.items.find((i) => i.id === "ramRole")?.status).toBe("pass");
  });

  it("reports an instance that has another role instead of replacing it", async () => {
    const plan = await ramRoleRunner.plan(await context(ROLE_NO_POLICY), { kind: "ramRole" });
    expect(plan.blocker).toContain("already has the RAM role RoleWithoutPolicy");
    expect(plan.blocker).toContain("does not replace");
  });
});

describe("the Cloud Assistant fix", () => {
  it("installs the agent and waits until it is online; a second run skips both steps", async () => {
    const ctx = await context(NEW_MYSQL);
    const plan = await cloudAssistantRunner.plan(ctx, { kind: "cloudAssistant" });
    expect(plan.blocker).toBeNull();
    expect(plan.steps.flatMap((s) => s.calls.map((c) => c.action))).toEqual(["DescribeCloudAssistantStatus", "InstallCloudAssistant", "DescribeCloudAssistantStatus"]);
    const summary = await cloudAssistantRunner.run(ctx, { kind: "cloudAssistant" }, plan.steps, noReport);
    expect(statusesOf(plan.steps)).toEqual({ install: "done", verify: "done" });
    expect(summary).toMatch(/Cloud Assistant .* is running on i-j6cdemo000000013/);

    const again = await cloudAssistantRunner.plan(await context(NEW_MYSQL), { kind: "cloudAssistant" });
    expect(statusesOf(again.steps)).toEqual({ install: "skipped", verify: "skipped" });
    await cloudAssistantRunner.run(await context(NEW_MYSQL), { kind: "cloudAssistant" }, again.steps, noReport);
    expect(statusesOf(again.steps)).toEqual({ install: "skipped", verify: "done" });

    const checklist = await checkPrerequisites(cloud, HK, NEW_MYSQL, { pollIntervalMs: 50 });
    expect(checklist.items.find((i) => i.id === "cloudAssistant")?.status).toBe("pass");
    // The guest can be read now: file systems are known, the scripts are what is left.
    expect(checklist.items.find((i) => i.id === "fileSystems")?.status).toBe("pass");
    expect(checklist.items.find((i) => i.id === "scripts")?.status).toBe("fail");
  });

  it("installs on Windows too (AliyunService)", async () => {
    const ctx = await context(WIN_AGENT_ABSENT);
    const plan = await cloudAssistantRunner.plan(ctx, { kind: "cloudAssistant" });
    expect(plan.steps[0]!.label).toContain("AliyunService");
    await cloudAssistantRunner.run(ctx, { kind: "cloudAssistant" }, plan.steps, noReport);
    expect(statusesOf(plan.steps)).toEqual({ install: "done", verify: "done" });
  });

  it("does not run on a stopped instance, nor reinstall an agent that is only stopped", async () => {
    expect((await cloudAssistantRunner.plan(await context(STOPPED_WIN), { kind: "cloudAssistant" })).blocker).toMatch(/is Stopped.*start it first/);
    expect((await cloudAssistantRunner.plan(await context(AGENT_STOPPED), { kind: "cloudAssistant" })).blocker).toMatch(/installed on .* but not running/);
  });
});
