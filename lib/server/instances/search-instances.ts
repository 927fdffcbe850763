import "server-only";
import type { Instance, InstanceOsType, InstanceStatus } from "@/lib/schemas/instances";
import { parseTagFilter } from "@/lib/schemas/instances";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";
import { mapWithConcurrency, toInstanceDtos, type EcsInstance } from "@/lib/server/instances/instance-dtos";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";

export interface InstanceSearch {
  q?: string;
  /** ECS status, zone and tag (`key` or `key=value`) are filtered by ECS itself. */
  status?: InstanceStatus;
  zoneId?: string;
  tag?: string;
  /** ECS has no OS filter: the region's instances (with the other filters) are read 100 at a time and filtered here. */
  osType?: InstanceOsType;
  /** Exactly these instances (≤ 100), read in one DescribeInstances call; q is then ignored. */
  ids?: string[];
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
/** DescribeInstances' largest page, used when the OS filter reads the whole (filtered) region. */
const SCAN_PAGE = 100;
/** At most this many DescribeInstances calls in flight while the OS filter reads the region. */
const SCAN_CONCURRENCY = 4;

type EcsFilter = Partial<Pick<$Ecs.DescribeInstancesRequest, "instanceIds" | "instanceName" | "status" | "zoneId" | "tag">>;

async function describePage(cloud: CloudClients, regionId: string, filter: EcsFilter, page: number, pageSize: number) {
  const res = await cloud
    .ecs(regionId)
    .describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, pageNumber: page, pageSize, ...filter }));
  return { instances: res.body?.instances?.instance ?? [], total: res.body?.totalCount ?? 0 };
}

const osTypeOf = (i: EcsInstance): InstanceOsType => (i.OSType?.toLowerCase() === "windows" ? "windows" : "linux");

/** The page of the instances of one OS among those `filter` matches: every page of the filter read, then sliced. */
async function describeOsPage(cloud: CloudClients, regionId: string, filter: EcsFilter, osType: InstanceOsType, page: number, pageSize: number) {
  const first = await describePage(cloud, regionId, filter, 1, SCAN_PAGE);
  const pages = Array.from({ length: Math.max(0, Math.ceil(first.total / SCAN_PAGE) - 1) }, (_, i) => i + 2);
  const rest = await mapWithConcurrency(pages, SCAN_CONCURRENCY, async (n) => (await describePage(cloud, regionId, filter, n, SCAN_PAGE)).instances);
  const matching = [first.instances, ...rest].flat().filter((i) => osTypeOf(i) === osType);
  return { instances: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length };
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
 * with `*q*`, or by id when q is an instance id (falling back to the name when no instance has that id); and
 * filtered by status, zone and tag in ECS, by OS here (ECS cannot).
 */
export async function searchInstances(cloud: CloudClients, regionId: string, search: InstanceSearch): Promise<InstancePage> {
  const region = await getRegionOrThrow(cloud, regionId);
  const q = search.q?.trim();
  const tag = search.tag ? parseTagFilter(search.tag) : null;
  const filters: EcsFilter = {
    ...(search.status ? { status: search.status } : {}),
    ...(search.zoneId ? { zoneId: search.zoneId } : {}),
    ...(tag ? { tag: [new $Ecs.DescribeInstancesRequestTag(tag)] } : {}),
  };
  const find = (filter: EcsFilter) =>
    search.osType
      ? describeOsPage(cloud, regionId, { ...filters, ...filter }, search.osType, search.page, search.pageSize)
      : describePage(cloud, regionId, { ...filters, ...filter }, search.page, search.pageSize);
  let found: { instances: EcsInstance[]; total: number } = { instances: [], total: 0 };
  if (search.ids) found = await find({ instanceIds: JSON.stringify(search.ids) });
  else if (q && INSTANCE_ID.test(q)) found = await find({ instanceIds: JSON.stringify([q]) });
  if (!search.ids && q && found.total === 0) found = await find({ instanceName: nameFilter(q) });
  if (!search.ids && !q) found = await find({});
  const instances = await withPolicyNames(cloud, regionId, await toInstanceDtos(cloud, region, found.instances));
  return { instances, page: search.page, pageSize: search.pageSize, total: found.total };
}
