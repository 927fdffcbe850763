import "server-only";
import type { BoundInstance } from "@/lib/schemas/policy";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { isBindingDisabled, type HbrPolicyBinding } from "@/lib/server/cloud/hbr/hbr-models";
import { chunk } from "@/lib/server/instances/instance-dtos";

/** DescribePolicyBindings `MaxResults` upper bound. */
const BINDINGS_PAGE = 100;
/** DescribeInstances takes at most 100 ids. */
const INSTANCES_PAGE = 100;

/** Every ECS instance bound to the policy (or, with `dataSourceIds`, those of them bound), over all pages, oldest binding first. */
export async function listPolicyBindings(cloud: CloudClients, regionId: string, policyId: string, dataSourceIds?: string[]): Promise<HbrPolicyBinding[]> {
  const bindings: HbrPolicyBinding[] = [];
  let nextToken: string | undefined;
  do {
    const res = await cloud.hbr(regionId).describePolicyBindings({ policyId, sourceType: "UDM_ECS", dataSourceIds, maxResults: BINDINGS_PAGE, nextToken });
    // The PolicyId parameter filters already; the check keeps a looser server from mixing in other policies.
    bindings.push(...(res.policyBindings ?? []).filter((b) => b.policyId === policyId && b.sourceType === "UDM_ECS"));
    nextToken = res.nextToken || undefined;
  } while (nextToken);
  return bindings;
}

/**
 * The bound instances with their ECS name and status. Only DescribeInstances (one call per 100 ids): the full
 * inventory view (getInstancesByIds: disks, RAM roles, bindings per instance) would cost a call per instance for
 * facts this list does not show.
 */
export async function boundInstancesOf(cloud: CloudClients, regionId: string, bindings: readonly HbrPolicyBinding[]): Promise<BoundInstance[]> {
  const ids = [...new Set(bindings.map((b) => b.dataSourceId))];
  const described = await Promise.all(
    chunk(ids, INSTANCES_PAGE).map(async (page) => {
      const res = await cloud
        .ecs(regionId)
        .describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify(page), pageSize: INSTANCES_PAGE }));
      return res.body?.instances?.instance ?? [];
    }),
  );
  const byId = new Map(described.flat().map((i) => [i.instanceId, i]));
  return bindings.map((b) => {
    const instance = byId.get(b.dataSourceId);
    return {
      instanceId: b.dataSourceId,
      instanceName: instance?.instanceName || null,
      status: instance?.status || null,
      disabled: isBindingDisabled(b),
      boundAt: b.createdTime ? new Date(b.createdTime * 1000).toISOString() : null,
    };
  });
}
