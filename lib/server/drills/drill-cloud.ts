import "server-only";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { DRILL_NAME_PREFIX, DRILL_TAG_KEY } from "@/lib/schemas/drill";
import { $Ecs, type CloudClients, type EcsClient } from "@/lib/server/cloud/clients";
import { CloudError, isCloudError } from "@/lib/server/cloud/cloud-error";

// The ECS side of a restore drill: where the drill instance boots (the region's isolated vSwitch and security
// group, tagged hbr-console:isolated=true, a cheap instance type the zone sells), how it is found again (its name
// or its tag), and its deletion, confirmed.

export const ISOLATED_TAG = { key: "hbr-console:isolated", value: "true" } as const;

/** Cheapest first: burstable and entry families. The zone's own list decides what is possible. */
const CHEAP_INSTANCE_TYPES = ["ecs.t6-c1m1.large", "ecs.t5-lc1m1.small", "ecs.e-c1m1.large", "ecs.c7.large", "ecs.g7.large", "ecs.c6.large", "ecs.g6.large"];

export interface DrillInstance {
  instanceId: string;
  instanceName: string;
  status: string;
  zoneId: string;
  /** The run id of the `hbr-console:drill` tag, or null when untagged. */
  tagRunId: string | null;
}

type SdkInstance = NonNullable<NonNullable<Awaited<ReturnType<EcsClient["describeInstances"]>>["body"]>["instances"]>["instance"] extends (infer T)[] | undefined ? T : never;

function toDrillInstance(i: SdkInstance): DrillInstance {
  const tag = i.tags?.tag?.find((t) => t.tagKey === DRILL_TAG_KEY);
  return { instanceId: i.instanceId ?? "", instanceName: i.instanceName ?? "", status: i.status ?? "", zoneId: i.zoneId ?? "", tagRunId: tag?.tagValue ?? null };
}

/** One instance by id, or null when ECS no longer has it. */
export async function describeInstance(cloud: CloudClients, regionId: string, instanceId: string): Promise<DrillInstance | null> {
  const res = await cloud.ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([instanceId]), pageSize: 10 }));
  const found = res.body?.instances?.instance?.find((i) => i.instanceId === instanceId);
  return found ? toDrillInstance(found) : null;
}

/** Instances named exactly `name` (the drill's marker). */
export async function findInstancesByName(cloud: CloudClients, regionId: string, name: string): Promise<DrillInstance[]> {
  const res = await cloud.ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceName: name, pageSize: 100 }));
  return (res.body?.instances?.instance ?? []).map(toDrillInstance).filter((i) => i.instanceName === name);
}

/**
 * Every instance of the region that is a drill's: tagged `hbr-console:drill` (any value), or named `hbr-drill-…`
 * (restored but killed before it was tagged). Pages through at most `maxPages` pages of each query.
 */
export async function listDrillInstances(cloud: CloudClients, regionId: string, maxPages = 10): Promise<DrillInstance[]> {
  const ecs = cloud.ecs(regionId);
  const found = new Map<string, DrillInstance>();
  const queries: Partial<$Ecs.DescribeInstancesRequest>[] = [{ tag: [new $Ecs.DescribeInstancesRequestTag({ key: DRILL_TAG_KEY })] }, { instanceName: `${DRILL_NAME_PREFIX}*` }];
  for (const query of queries) {
    for (let page = 1; page <= maxPages; page++) {
      const res = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, pageNumber: page, pageSize: 100, ...query }));
      const items = (res.body?.instances?.instance ?? []).map(toDrillInstance);
      for (const i of items) if (i.tagRunId !== null || i.instanceName.startsWith(DRILL_NAME_PREFIX)) found.set(i.instanceId, i);
      if (items.length < 100) break;
    }
  }
  return [...found.values()];
}

export async function tagDrillInstance(cloud: CloudClients, regionId: string, instanceId: string, runId: string): Promise<void> {
  await cloud.ecs(regionId).tagResources(
    new $Ecs.TagResourcesRequest({ regionId, resourceType: "instance", resourceId: [instanceId], tag: [new $Ecs.TagResourcesRequestTag({ key: DRILL_TAG_KEY, value: runId })] }),
  );
}

export async function startInstance(cloud: CloudClients, regionId: string, instanceId: string): Promise<void> {
  await cloud.ecs(regionId).startInstance(new $Ecs.StartInstanceRequest({ instanceId }));
}

const isGone = (err: unknown) => isCloudError(err) && (err.kind === "not_found" || /^InvalidInstanceId\.NotFound$|NotFound/.test(err.code));

/** DeleteInstance with Force (a Running instance is stopped first); an instance already gone is not an error. */
export async function deleteInstance(cloud: CloudClients, regionId: string, instanceId: string): Promise<void> {
  try {
    await cloud.ecs(regionId).deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId, force: true }));
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}

/** Whether DescribeInstances still lists the instance (a deleted one may show as Deleted for a while). */
export async function isInstanceGone(cloud: CloudClients, regionId: string, instanceId: string): Promise<boolean> {
  const i = await describeInstance(cloud, regionId, instanceId);
  return i === null || i.status === "Deleted";
}

export interface DrillPlacement {
  zoneId: string;
  vSwitchId: string;
  securityGroupId: string;
  instanceType: string;
}

interface RawVSwitch {
  VSwitchId?: string;
  ZoneId?: string;
  VpcId?: string;
  Tags?: { Tag?: { Key?: string; Value?: string }[] };
}

/** DescribeVSwitches (the ECS SDK has no method for it): the region's vSwitches tagged isolated, in a VPC. */
async function isolatedVSwitches(ecs: EcsClient, regionId: string, vpcId: string): Promise<{ vSwitchId: string; zoneId: string }[]> {
  const params = new $OpenApiUtil.Params({
    action: "DescribeVSwitches",
    version: "2014-05-26",
    protocol: "HTTPS",
    pathname: "/",
    method: "POST",
    authType: "AK",
    style: "RPC",
    reqBodyType: "formData",
    bodyType: "json",
  });
  const req = new $OpenApiUtil.OpenApiRequest({ query: { RegionId: regionId, VpcId: vpcId, PageSize: "50" } });
  const res = (await ecs.callApi(params, req, {} as Parameters<EcsClient["callApi"]>[2])) as { body?: { VSwitches?: { VSwitch?: RawVSwitch[] } } };
  return (res.body?.VSwitches?.VSwitch ?? [])
    .filter((v) => v.VpcId === vpcId && v.VSwitchId && v.ZoneId)
    .filter((v) => !v.Tags?.Tag || v.Tags.Tag.some((t) => t.Key === ISOLATED_TAG.key && t.Value === ISOLATED_TAG.value))
    .map((v) => ({ vSwitchId: v.VSwitchId!, zoneId: v.ZoneId! }));
}

const noPlace = (regionId: string, what: string) =>
  new CloudError(
    "ecs",
    "DescribeSecurityGroups",
    "client",
    "DrillNetworkMissing",
    `No isolated network for restore drills in ${regionId}: ${what}. Create a VPC with no route out, a vSwitch per zone and a security group with no inbound rule, and tag the security group and the vSwitches ${ISOLATED_TAG.key}=${ISOLATED_TAG.value}.`,
    null,
    null,
    "",
  );

/**
 * Where a drill of an instance boots: the isolated security group (tag hbr-console:isolated=true), an isolated
 * vSwitch of its VPC in the preferred zone (the backed-up instance's) or any zone, and the cheapest instance type
 * that zone sells.
 */
export async function pickDrillPlacement(cloud: CloudClients, regionId: string, preferredZoneId: string | null): Promise<DrillPlacement> {
  const ecs = cloud.ecs(regionId);
  const groups = await ecs.describeSecurityGroups(
    new $Ecs.DescribeSecurityGroupsRequest({ regionId, tag: [new $Ecs.DescribeSecurityGroupsRequestTag({ key: ISOLATED_TAG.key, value: ISOLATED_TAG.value })], pageSize: 50 }),
  );
  const group = groups.body?.securityGroups?.securityGroup?.find((g) => g.tags?.tag?.some((t) => t.tagKey === ISOLATED_TAG.key && t.tagValue === ISOLATED_TAG.value) ?? true);
  if (!group?.securityGroupId || !group.vpcId) throw noPlace(regionId, "no security group is tagged isolated");
  const vSwitches = await isolatedVSwitches(ecs, regionId, group.vpcId);
  if (!vSwitches.length) throw noPlace(regionId, `the VPC ${group.vpcId} of ${group.securityGroupId} has no isolated vSwitch`);
  const zones = await ecs.describeZones(new $Ecs.DescribeZonesRequest({ regionId }));
  const sold = new Map((zones.body?.zones?.zone ?? []).map((z) => [z.zoneId ?? "", z.availableInstanceTypes?.instanceTypes ?? []]));
  const ordered = [...vSwitches].sort((a, b) => Number(b.zoneId === preferredZoneId) - Number(a.zoneId === preferredZoneId));
  for (const v of ordered) {
    const types = sold.get(v.zoneId) ?? [];
    const instanceType = CHEAP_INSTANCE_TYPES.find((t) => types.includes(t)) ?? types[0];
    if (instanceType) return { zoneId: v.zoneId, vSwitchId: v.vSwitchId, securityGroupId: group.securityGroupId, instanceType };
  }
  throw noPlace(regionId, "no zone of its isolated vSwitches sells an instance type");
}
