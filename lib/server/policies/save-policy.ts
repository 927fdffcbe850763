import "server-only";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Region } from "@/lib/schemas/regions";
import {
  BOUND_INSTANCES_FIELD,
  boundInstanceLabel,
  type PolicyDetail,
  type PolicyForm,
  type PolicyUpdateResult,
  type updatePolicySchema,
} from "@/lib/schemas/policy";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";
import { getBoundInstances, getHbrPolicyOrThrow, getPolicyRegionOrThrow, toPolicyDetail } from "@/lib/server/policies/get-policy";
import { followPolicyEdit } from "@/lib/server/policies/follow-policy-edit";
import { orCloudError } from "@/lib/server/policies/policy-cloud-error";
import { policyRulesOf, updatedPolicyRules } from "@/lib/server/policies/policy-rules";

// Create and edit a backup policy in HBR from the Policy Center form. HBR is the record: nothing is kept in the
// database but the audit event, written once HBR has accepted the change.

export interface PolicyDeps {
  db: Db;
  cloud: CloudClients;
}

export interface Actor {
  id: string;
  requestId?: string;
}

const asJson = (value: unknown) => value as Prisma.InputJsonValue;

/** Destination Region must be another region of the account (the form cannot know which regions exist). */
async function checkDestinationOrThrow(cloud: CloudClients, region: Region, form: PolicyForm): Promise<void> {
  const destination = form.replication.enabled ? form.replication.destinationRegionId : undefined;
  if (!destination) return;
  const refuse = (message: string) => new ApiError("VALIDATION_FAILED", message, { fieldErrors: { "replication.destinationRegionId": [message] } });
  if (destination === region.regionId) throw refuse(`Choose a region other than ${region.localName}, the policy's own`);
  try {
    await orCloudError("The regions could not be read", () => getRegionOrThrow(cloud, destination));
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") throw refuse(`Region ${destination} does not exist`);
    throw err;
  }
}

/** A new backup policy (CreatePolicyV2, UDM_ECS_ONLY) with a BACKUP rule and, when on, a REPLICATION rule. */
export async function createPolicy(deps: PolicyDeps, regionId: string, form: PolicyForm, actor: Actor): Promise<PolicyDetail> {
  const region = await getPolicyRegionOrThrow(deps.cloud, regionId, "CONFLICT");
  await checkDestinationOrThrow(deps.cloud, region, form);
  const rules = policyRulesOf(form);
  const { policyId } = await orCloudError("HBR did not create the backup policy", () =>
    deps.cloud.hbr(regionId).createPolicyV2({ policyName: form.policyName, policyType: "UDM_ECS_ONLY", rules }),
  );
  await deps.db.$transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.id,
      action: "policy.create",
      targetType: "policy",
      targetId: policyId,
      after: asJson({ regionId, policyName: form.policyName, rules }),
      requestId: actor.requestId,
    }),
  );
  return toPolicyDetail(region, await getHbrPolicyOrThrow(deps.cloud, region, policyId), []);
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;

/**
 * New name and rules for a policy (UpdatePolicyV2). HBR applies them to every bound instance at once, so the
 * answer lists those instances; when the caller says which instances it showed the admin and the bindings have
 * changed since, nothing is changed and the 409 lists the instances bound now.
 */
export async function updatePolicy(
  deps: PolicyDeps,
  regionId: string,
  policyId: string,
  input: z.infer<typeof updatePolicySchema>,
  actor: Actor,
): Promise<PolicyUpdateResult> {
  const region = await getPolicyRegionOrThrow(deps.cloud, regionId, "NOT_FOUND");
  const before = await getHbrPolicyOrThrow(deps.cloud, region, policyId);
  await checkDestinationOrThrow(deps.cloud, region, input);
  const affected = await getBoundInstances(deps.cloud, region, policyId);
  const affectedIds = affected.map((i) => i.instanceId);
  if (input.acknowledgedInstanceIds && !sameIds(input.acknowledgedInstanceIds, affectedIds)) {
    throw new ApiError(
      "CONFLICT",
      `The instances bound to ${before.policyName || policyId} changed while you reviewed them: ${affected.length} ${affected.length === 1 ? "is" : "are"} bound now. Review them and save again.`,
      { fieldErrors: { [BOUND_INSTANCES_FIELD]: affected.map(boundInstanceLabel) } },
    );
  }
  const rules = updatedPolicyRules(before.rules ?? [], input);
  await orCloudError("HBR did not update the backup policy", () => deps.cloud.hbr(regionId).updatePolicyV2({ policyId, policyName: input.policyName, rules }));
  await deps.db.$transaction(async (tx) => {
    // The protection plan that created the policy, if any, follows the edit.
    const followedPlanIds = await followPolicyEdit(tx, regionId, policyId, input);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "policy.update",
      targetType: "policy",
      targetId: policyId,
      before: asJson({ regionId, policyName: before.policyName, rules: before.rules ?? [] }),
      after: asJson({ regionId, policyName: input.policyName, rules, affectedInstanceIds: affectedIds, followedPlanIds }),
      requestId: actor.requestId,
    });
  });
  const after = await getHbrPolicyOrThrow(deps.cloud, region, policyId);
  return { policy: toPolicyDetail(region, after, affected), affectedInstances: affected };
}
