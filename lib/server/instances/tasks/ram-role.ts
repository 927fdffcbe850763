import "server-only";
import { APP_SNAPSHOT_POLICY, APP_SNAPSHOT_ROLE } from "@/lib/schemas/plan";
import type { TaskStep } from "@/lib/schemas/instances";
import { $Ecs, $Ram, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { readAttachedPolicies } from "@/lib/server/instances/check-prerequisites";
import { findMissingPermissions } from "@/lib/server/instances/consistency-rules";
import { call, plannedStep, runStep, TaskStopped } from "@/lib/server/instances/tasks/task-steps";
import type { TaskContext, TaskRunner } from "@/lib/server/instances/tasks/task-runner";

// The seed's Step 1, as one fix: create the RAM role AppSnapshotRoleName trusted by ECS, create AppSnapshotPolicy
// with exactly the seed's document, attach the policy to the role and the role to the instance. Every step looks
// first and changes only what is missing; an existing role or policy that differs is reported, never replaced,
// and an instance that already has another role keeps it.

export const ECS_SERVICE = "ecs.aliyuncs.com";

/** The seed's policy document, verbatim (4-space JSON as printed in the seed). */
export const APP_SNAPSHOT_POLICY_DOCUMENT = JSON.stringify(
  {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ecs:DescribeSnapshot*", "ecs:CreateSnapshot*", "ecs:TagResources", "ecs:DescribeDisks"],
        Resource: ["*"],
        Condition: {},
      },
    ],
  },
  null,
  4,
);

/** The trust policy of a role for a trusted Alibaba Cloud service (ECS). */
export const ECS_TRUST_POLICY_DOCUMENT = JSON.stringify({
  Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: [ECS_SERVICE] } }],
  Version: "1",
});

const ROLE_DESCRIPTION = "Lets HBR create application-consistent snapshots of ECS instances (created by hbr-console)";
const POLICY_DESCRIPTION = "Query snapshots, create snapshots, tag resources and query disks for application-consistent backup (created by hbr-console)";

const isMissing = (err: unknown, code: string) => isCloudError(err) && err.code === code;

interface RamState {
  role: { trustsEcs: boolean } | null;
  policy: { missing: string[] } | null;
  isPolicyAttached: boolean;
  /** The role the instance has now, or null. */
  instanceRole: string | null;
}

function trustsEcs(document: string | undefined): boolean {
  try {
    const parsed = JSON.parse(document ?? "") as { Statement?: { Effect?: string; Principal?: { Service?: string | string[] } }[] };
    return (parsed.Statement ?? []).some((s) => s.Effect === "Allow" && [s.Principal?.Service ?? []].flat().includes(ECS_SERVICE));
  } catch {
    return false;
  }
}

async function readRole(cloud: CloudClients): Promise<RamState["role"]> {
  try {
    const res = await cloud.ram().getRole(new $Ram.GetRoleRequest({ roleName: APP_SNAPSHOT_ROLE }));
    return { trustsEcs: trustsEcs(res.body?.role?.assumeRolePolicyDocument) };
  } catch (err) {
    if (isMissing(err, "EntityNotExist.Role")) return null;
    throw err;
  }
}

async function readPolicy(cloud: CloudClients): Promise<RamState["policy"]> {
  try {
    const res = await cloud.ram().getPolicy(new $Ram.GetPolicyRequest({ policyName: APP_SNAPSHOT_POLICY, policyType: "Custom" }));
    const document = res.body?.defaultPolicyVersion?.policyDocument ?? null;
    return { missing: findMissingPermissions([{ policyName: APP_SNAPSHOT_POLICY, policyType: "Custom", document }]) };
  } catch (err) {
    if (isMissing(err, "EntityNotExist.Policy")) return null;
    throw err;
  }
}

async function readInstanceRole(cloud: CloudClients, regionId: string, instanceId: string): Promise<string | null> {
  const res = await cloud.ecs(regionId).describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId, instanceIds: JSON.stringify([instanceId]) }));
  const set = res.body?.instanceRamRoleSets?.instanceRamRoleSet ?? [];
  return set.find((s) => s.instanceId === instanceId && s.ramRoleName)?.ramRoleName ?? null;
}

async function readState({ cloud, instance }: TaskContext): Promise<RamState> {
  const [role, policy, instanceRole] = await Promise.all([readRole(cloud), readPolicy(cloud), readInstanceRole(cloud, instance.regionId, instance.instanceId)]);
  const attached = role ? await readAttachedPolicies(cloud, APP_SNAPSHOT_ROLE) : [];
  return { role, policy, instanceRole, isPolicyAttached: (attached ?? []).some((p) => p.policyName === APP_SNAPSHOT_POLICY && p.policyType === "Custom") };
}

function steps(ctx: TaskContext, state: RamState): TaskStep[] {
  const { regionId, instanceId } = ctx.instance;
  return [
    plannedStep(
      "createRole",
      `Create RAM role ${APP_SNAPSHOT_ROLE} trusted by ${ECS_SERVICE}`,
      [
        call("RAM", "GetRole", { RoleName: APP_SNAPSHOT_ROLE }),
        call("RAM", "CreateRole", { RoleName: APP_SNAPSHOT_ROLE, AssumeRolePolicyDocument: ECS_TRUST_POLICY_DOCUMENT, Description: ROLE_DESCRIPTION }),
      ],
      state.role ? `${APP_SNAPSHOT_ROLE} already exists` : null,
    ),
    plannedStep(
      "createPolicy",
      `Create policy ${APP_SNAPSHOT_POLICY}`,
      [
        call("RAM", "GetPolicy", { PolicyName: APP_SNAPSHOT_POLICY, PolicyType: "Custom" }),
        call("RAM", "CreatePolicy", { PolicyName: APP_SNAPSHOT_POLICY, PolicyDocument: APP_SNAPSHOT_POLICY_DOCUMENT, Description: POLICY_DESCRIPTION }),
      ],
      state.policy ? `${APP_SNAPSHOT_POLICY} already exists` : null,
    ),
    plannedStep(
      "attachPolicy",
      `Attach ${APP_SNAPSHOT_POLICY} to ${APP_SNAPSHOT_ROLE}`,
      [
        call("RAM", "ListPoliciesForRole", { RoleName: APP_SNAPSHOT_ROLE }),
        call("RAM", "AttachPolicyToRole", { PolicyType: "Custom", PolicyName: APP_SNAPSHOT_POLICY, RoleName: APP_SNAPSHOT_ROLE }),
      ],
      state.isPolicyAttached ? `${APP_SNAPSHOT_POLICY} is already attached to ${APP_SNAPSHOT_ROLE}` : null,
    ),
    plannedStep(
      "attachRole",
      `Attach ${APP_SNAPSHOT_ROLE} to ${instanceId}`,
      [
        call("ECS", "DescribeInstanceRamRole", { RegionId: regionId, InstanceIds: JSON.stringify([instanceId]) }),
        call("ECS", "AttachInstanceRamRole", { RegionId: regionId, RamRoleName: APP_SNAPSHOT_ROLE, InstanceIds: JSON.stringify([instanceId]) }),
      ],
      state.instanceRole === APP_SNAPSHOT_ROLE ? `${instanceId} already has ${APP_SNAPSHOT_ROLE}` : null,
    ),
  ];
}

/** Why the fix must not run: what it would have to overwrite. */
function blockerOf(ctx: TaskContext, state: RamState): string | null {
  const { instanceId } = ctx.instance;
  if (state.instanceRole && state.instanceRole !== APP_SNAPSHOT_ROLE) {
    return `${instanceId} already has the RAM role ${state.instanceRole}. The console does not replace an instance's role: attach ${APP_SNAPSHOT_POLICY} to ${state.instanceRole} in RAM, or detach ${state.instanceRole} from the instance and run this fix again.`;
  }
  if (state.role && !state.role.trustsEcs) {
    return `The RAM role ${APP_SNAPSHOT_ROLE} exists but does not trust ${ECS_SERVICE}, so it cannot be attached to an instance. Add ${ECS_SERVICE} to its trust policy in RAM; the console does not change an existing role.`;
  }
  if (state.policy && state.policy.missing.length > 0) {
    return `The policy ${APP_SNAPSHOT_POLICY} exists but does not allow ${state.policy.missing.join(", ")}. Add them to its document in RAM; the console does not change an existing policy.`;
  }
  return null;
}

const alreadyExists = (err: unknown, code: string) => isCloudError(err) && err.code === code;

export const ramRoleRunner: TaskRunner<"ramRole"> = {
  kind: "ramRole",
  async plan(ctx) {
    const state = await readState(ctx);
    return { steps: steps(ctx, state), blocker: blockerOf(ctx, state) };
  },
  async run(ctx, _input, planned, report) {
    const { cloud } = ctx;
    const { regionId, instanceId } = ctx.instance;
    const ram = cloud.ram();
    await runStep(planned, "createRole", report, async () => {
      if (await readRole(cloud)) return { skipped: true, detail: `${APP_SNAPSHOT_ROLE} already exists` };
      try {
        await ram.createRole(new $Ram.CreateRoleRequest({ roleName: APP_SNAPSHOT_ROLE, assumeRolePolicyDocument: ECS_TRUST_POLICY_DOCUMENT, description: ROLE_DESCRIPTION }));
      } catch (err) {
        // Created between the look-up and the call (another console, another task): the same outcome.
        if (alreadyExists(err, "EntityAlreadyExists.Role")) return { skipped: true, detail: `${APP_SNAPSHOT_ROLE} already exists` };
        throw err;
      }
      return { detail: `Created ${APP_SNAPSHOT_ROLE}, trusted by ${ECS_SERVICE}` };
    });
    await runStep(planned, "createPolicy", report, async () => {
      const policy = await readPolicy(cloud);
      if (policy) {
        if (policy.missing.length) throw new TaskStopped(`${APP_SNAPSHOT_POLICY} exists but does not allow ${policy.missing.join(", ")}; not changed`);
        return { skipped: true, detail: `${APP_SNAPSHOT_POLICY} already exists` };
      }
      try {
        await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: APP_SNAPSHOT_POLICY, policyDocument: APP_SNAPSHOT_POLICY_DOCUMENT, description: POLICY_DESCRIPTION }));
      } catch (err) {
        if (alreadyExists(err, "EntityAlreadyExists.Policy")) return { skipped: true, detail: `${APP_SNAPSHOT_POLICY} already exists` };
        throw err;
      }
      return { detail: `Created ${APP_SNAPSHOT_POLICY} with the document of the HBR guide` };
    });
    await runStep(planned, "attachPolicy", report, async () => {
      const attached = (await readAttachedPolicies(cloud, APP_SNAPSHOT_ROLE)) ?? [];
      if (attached.some((p) => p.policyName === APP_SNAPSHOT_POLICY && p.policyType === "Custom")) {
        return { skipped: true, detail: `${APP_SNAPSHOT_POLICY} is already attached to ${APP_SNAPSHOT_ROLE}` };
      }
      try {
        await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: "Custom", policyName: APP_SNAPSHOT_POLICY, roleName: APP_SNAPSHOT_ROLE }));
      } catch (err) {
        if (alreadyExists(err, "EntityAlreadyExists.Role.Policy")) return { skipped: true, detail: `${APP_SNAPSHOT_POLICY} is already attached to ${APP_SNAPSHOT_ROLE}` };
        throw err;
      }
      return { detail: `Attached ${APP_SNAPSHOT_POLICY} to ${APP_SNAPSHOT_ROLE}` };
    });
    await runStep(planned, "attachRole", report, async () => {
      const current = await readInstanceRole(cloud, regionId, instanceId);
      if (current === APP_SNAPSHOT_ROLE) return { skipped: true, detail: `${instanceId} already has ${APP_SNAPSHOT_ROLE}` };
      if (current) throw new TaskStopped(`${instanceId} already has the RAM role ${current}; not replaced`);
      const res = await cloud
        .ecs(regionId)
        .attachInstanceRamRole(new $Ecs.AttachInstanceRamRoleRequest({ regionId, ramRoleName: APP_SNAPSHOT_ROLE, instanceIds: JSON.stringify([instanceId]) }));
      const result = res.body?.attachInstanceRamRoleResults?.attachInstanceRamRoleResult?.find((r) => r.instanceId === instanceId);
      // A per-instance failure arrives inside a 200.
      if (!result?.success) throw new TaskStopped(`AttachInstanceRamRole did not attach ${APP_SNAPSHOT_ROLE} to ${instanceId} (${result?.code ?? "no result"}: ${result?.message ?? ""})`);
      return { detail: `Attached ${APP_SNAPSHOT_ROLE} to ${instanceId}` };
    });
    const did = planned.filter((s) => s.status === "done").length;
    return did === 0 ? `Nothing to change: ${instanceId} already has ${APP_SNAPSHOT_ROLE} with ${APP_SNAPSHOT_POLICY}` : `${instanceId} has ${APP_SNAPSHOT_ROLE} with ${APP_SNAPSHOT_POLICY} (${did} of 4 steps changed something)`;
  },
};
