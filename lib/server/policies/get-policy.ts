import "server-only";
import type { Region } from "@/lib/schemas/regions";
import { planIdParamsSchema } from "@/lib/schemas/plan";
import { noPoliciesInRegionText, type BoundInstance, type PolicyDetail } from "@/lib/schemas/policy";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrPolicy } from "@/lib/server/cloud/hbr/hbr-models";
import { ApiError } from "@/lib/server/http/api-error";
import { toPolicySummary } from "@/lib/server/policies/list-policies";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";
import { planMarker } from "@/lib/server/cloud/hbr/markers";
import { boundInstancesOf, listPolicyBindings } from "@/lib/server/policies/policy-bindings";
import { orCloudError } from "@/lib/server/policies/policy-cloud-error";
import { ruleViewsOf } from "@/lib/server/policies/policy-rules";

/**
 * The region, where HBR offers backup policies. 404 for a region the account does not have; where HBR offers
 * none, `refusal`: 404 for a policy that cannot exist there, 409 for a policy that cannot be made there.
 */
export async function getPolicyRegionOrThrow(cloud: CloudClients, regionId: string, refusal: "NOT_FOUND" | "CONFLICT"): Promise<Region> {
  const region = await orCloudError("The region could not be read", () => getRegionOrThrow(cloud, regionId));
  if (!region.policySupported) throw new ApiError(refusal, noPoliciesInRegionText(region.localName));
  return region;
}

/** The policy as HBR describes it, or 404. */
export async function getHbrPolicyOrThrow(cloud: CloudClients, region: Region, policyId: string): Promise<HbrPolicy> {
  const res = await orCloudError("The backup policy could not be read", () => cloud.hbr(region.regionId).describePoliciesV2({ policyId }));
  const policy = (res.policies ?? []).find((p) => p.policyId === policyId);
  if (!policy) throw new ApiError("NOT_FOUND", `There is no backup policy ${policyId} in ${region.localName}. It may have been deleted.`);
  return policy;
}

/** The policy's bound instances with their ECS names. */
export async function getBoundInstances(cloud: CloudClients, region: Region, policyId: string): Promise<BoundInstance[]> {
  return orCloudError("The instances bound to the policy could not be read", async () =>
    boundInstancesOf(cloud, region.regionId, await listPolicyBindings(cloud, region.regionId, policyId)),
  );
}

const PLAN_MARKER_PREFIX = planMarker("");

/** The plan whose worker created the policy: its marker is the policy description (lib/server/plans/plan-steps.ts). */
function planIdOf(description: string | undefined): string | null {
  if (!description?.startsWith(PLAN_MARKER_PREFIX)) return null;
  const planId = description.slice(PLAN_MARKER_PREFIX.length);
  return planIdParamsSchema.safeParse({ planId }).success ? planId : null;
}

const isoOrNull = (unixSeconds: number | undefined) => (unixSeconds ? new Date(unixSeconds * 1000).toISOString() : null);

export function toPolicyDetail(region: Region, policy: HbrPolicy, boundInstances: BoundInstance[]): PolicyDetail {
  const rules = policy.rules ?? [];
  const replication = rules.find((r) => r.ruleType === "REPLICATION");
  return {
    ...toPolicySummary(policy),
    // Counted from the bindings read just now rather than PolicyBindingCount, so the count and the list agree.
    bindingCount: boundInstances.length,
    regionId: region.regionId,
    policyDescription: policy.policyDescription ?? "",
    policyType: policy.policyType ?? "",
    planId: planIdOf(policy.policyDescription),
    replicationRetentionDays: replication?.retention ?? null,
    createdAt: isoOrNull(policy.createdTime),
    updatedAt: isoOrNull(policy.updatedTime),
    rules: ruleViewsOf(rules),
    boundInstances,
  };
}

/** One policy of the region with its rules and every instance bound to it; 404 when there is none. */
export async function getPolicyOrThrow(cloud: CloudClients, regionId: string, policyId: string): Promise<PolicyDetail> {
  const region = await getPolicyRegionOrThrow(cloud, regionId, "NOT_FOUND");
  const policy = await getHbrPolicyOrThrow(cloud, region, policyId);
  return toPolicyDetail(region, policy, await getBoundInstances(cloud, region, policyId));
}
