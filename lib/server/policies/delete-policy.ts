import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { BOUND_INSTANCES_FIELD, boundInstanceLabel } from "@/lib/schemas/policy";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { ApiError } from "@/lib/server/http/api-error";
import { getPolicyOrThrow } from "@/lib/server/policies/get-policy";
import { orCloudError } from "@/lib/server/policies/policy-cloud-error";
import type { Actor, PolicyDeps } from "@/lib/server/policies/save-policy";

/**
 * Deletes a backup policy that protects nothing. DeletePolicyV2 would silently unbind every instance and stop
 * its backups, so a policy with bindings is refused with the list of its instances (409, one entry each under
 * `fieldErrors.boundInstances`); so is a policy a protection plan still owns: deleting the plan removes it.
 */
export async function deletePolicy(deps: PolicyDeps, regionId: string, policyId: string, actor: Actor): Promise<void> {
  const policy = await getPolicyOrThrow(deps.cloud, regionId, policyId);
  const n = policy.boundInstances.length;
  if (n > 0) {
    throw new ApiError(
      "CONFLICT",
      `${policy.policyName} still protects ${n} ECS ${n === 1 ? "instance" : "instances"}: deleting it would unbind ${n === 1 ? "it" : "them"} and stop ${n === 1 ? "its" : "their"} backups. Unbind ${n === 1 ? "it" : "them"} first, then delete the policy.`,
      { fieldErrors: { [BOUND_INSTANCES_FIELD]: policy.boundInstances.map(boundInstanceLabel) } },
    );
  }
  if (policy.planId) {
    const plan = await deps.db.plan.findUnique({ where: { id: policy.planId }, select: { name: true, status: true } });
    if (plan && plan.status !== "deleting") {
      throw new ApiError("CONFLICT", `${policy.policyName} belongs to the protection plan ${plan.name}: delete the plan instead, which removes its policy too.`);
    }
  }
  await orCloudError("HBR did not delete the backup policy", () => deps.cloud.hbr(regionId).deletePolicyV2({ policyId }));
  await deps.db.$transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.id,
      action: "policy.delete",
      targetType: "policy",
      targetId: policyId,
      before: { regionId, policyName: policy.policyName, rules: policy.rules } as Prisma.InputJsonValue,
      after: null,
      requestId: actor.requestId,
    }),
  );
}
