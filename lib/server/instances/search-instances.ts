import "server-only";
import type { Instance } from "@/lib/schemas/instances";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { toInstanceDtos } from "@/lib/server/instances/instance-dtos";
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
  return { instances: await toInstanceDtos(cloud, region, found.instances), page: search.page, pageSize: search.pageSize, total: found.total };
}
