import "server-only";
import { toCloudError } from "@/lib/server/cloud/cloud-error";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { getInstancesByIds } from "@/lib/server/instances/get-instances-by-ids";
import { describeRegionOrThrow, listRegionNames } from "@/lib/server/regions/list-regions";
import type { PlanInventory } from "@/lib/server/plans/create-plan";

/** The live facts of plan creation, read through the cloud clients. */
export function cloudPlanInventory(cloud: CloudClients): PlanInventory {
  return {
    listRegions: () => listRegionNames(cloud),
    describeRegion: (region) => describeRegionOrThrow(cloud, region),
    getInstancesByIds: (regionId, ids) => getInstancesByIds(cloud, regionId, ids),
    predictConsistency: async (regionId, instanceId) => (await checkPrerequisites(cloud, regionId, instanceId)).predicted,
    async getPolicy(regionId, policyId) {
      try {
        const res = await cloud.hbr(regionId).describePoliciesV2({ policyId });
        const policy = res.policies.find((p) => p.policyId === policyId);
        return policy ? { policyId, bindingCount: policy.policyBindingCount } : null;
      } catch (err) {
        if (toCloudError("hbr", "DescribePoliciesV2", err).kind === "not_found") return null;
        throw err;
      }
    },
  };
}
