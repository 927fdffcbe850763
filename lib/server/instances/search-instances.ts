import "server-only";
import type { Instance } from "@/lib/schemas/instances";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { mapWithConcurrency, toInstanceDtos } from "@/lib/server/instances/instance-dtos";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";

export interface InstanceSearch {
  q?: string;
  page: number;
  pageSize: number;
}

export interface InstancePage {
  instances: Instance[];
  page: number;
  pageSize: number;
  total: number;
}

const INSTANCE_ID = /^i-[A-Za-z0-9]+$/;
// `*` is DescribeInstances' wildcard; a literal one in the search text cannot be expressed, so it is dropped.
const nameFilter = (q: string) => `*${q.replace(/\*/g, "")}*`;

async function describePage(cloud: CloudClients, regionId: string, filter: { instanceIds?: string; instanceName?: string }, page: number, pageSize: number) {
  const res = await cloud
    .ecs(regionId)
    .describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, pageNumber: page, pageSize, ...filter }));
  return { instances: res.body?.instances?.instance ?? [], total: res.body?.totalCount ?? 0 };
}

/** At most this many DescribePoliciesV2 calls in flight: one per distinct bound policy of the page. */
const POLICY_CONCURRENCY = 4;

/**
 * The names of the policies the page's instances are bound to: one DescribePoliciesV2 per distinct policy (a page
 * of 20 instances is bound to a few policies at most). A name that cannot be read leaves the id to stand in.
 */
async function withPolicyNames(cloud: CloudClients, regionId: string, instances: Instance[]): Promise<Instance[]> {
  const ids = [...new Set(instances.map((i) => i.boundPolicyId).filter((id): id is string => !!id))];
  if (ids.length === 0) return instances;
  const names = new Map<string, string>();
  await mapWithConcurrency(ids, POLICY_CONCURRENCY, async (policyId) => {
    try {
      const res = await cloud.hbr(regionId).describePoliciesV2({ policyId });
      const name = res.policies?.find((p) => p.policyId === policyId)?.policyName;
      if (name) names.set(policyId, name);
    } catch {
      // The name is a label only: the id is shown instead.
    }
  });
  return instances.map((i) => ({ ...i, boundPolicyName: i.boundPolicyId ? (names.get(i.boundPolicyId) ?? null) : null }));
}

/**
 * One page of the region's ECS instances, searched and paged by ECS itself (regions hold thousands): by name
 * with `*q*`, or by id when q is an instance id (falling back to the name when no instance has that id).
 */
export async function searchInstances(cloud: CloudClients, regionId: string, search: InstanceSearch): Promise<InstancePage> {
  const region = await getRegionOrThrow(cloud, regionId);
  const q = search.q?.trim();
  let found = { instances: [] as Awaited<ReturnType<typeof describePage>>["instances"], total: 0 };
  if (q && INSTANCE_ID.test(q)) found = await describePage(cloud, regionId, { instanceIds: JSON.stringify([q]) }, search.page, search.pageSize);
  if (q && found.total === 0) found = await describePage(cloud, regionId, { instanceName: nameFilter(q) }, search.page, search.pageSize);
  if (!q) found = await describePage(cloud, regionId, {}, search.page, search.pageSize);
  const instances = await withPolicyNames(cloud, regionId, await toInstanceDtos(cloud, region, found.instances));
  return { instances, page: search.page, pageSize: search.pageSize, total: found.total };
}
