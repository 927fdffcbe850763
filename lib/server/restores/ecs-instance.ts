import "server-only";
import { $Ecs, type CloudClients } from "@/lib/server/cloud/clients";

/** What a restore needs to know of an ECS instance, read live. */
export interface EcsInstanceFacts {
  instanceId: string;
  instanceName: string;
  status: string;
  zoneId: string;
  vSwitchId: string | null;
  vpcId: string | null;
  regionId: string;
}

type SdkInstance = NonNullable<NonNullable<NonNullable<$Ecs.DescribeInstancesResponse["body"]>["instances"]>["instance"]>[number];

const factsOf = (regionId: string, i: SdkInstance): EcsInstanceFacts => ({
  instanceId: i.instanceId ?? "",
  instanceName: i.instanceName ?? "",
  status: i.status ?? "",
  zoneId: i.zoneId ?? "",
  vSwitchId: i.vpcAttributes?.vSwitchId || null,
  vpcId: i.vpcAttributes?.vpcId || null,
  regionId,
});

/** The instance as ECS reports it now, or null when ECS does not know it in the region. Cloud errors propagate. */
export async function describeEcsInstance(cloud: CloudClients, regionId: string, instanceId: string): Promise<EcsInstanceFacts | null> {
  const res = await cloud.ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([instanceId]), pageSize: 10 }));
  const hit = (res.body?.instances?.instance ?? []).find((i) => i.instanceId === instanceId);
  return hit ? factsOf(regionId, hit) : null;
}

/** Instances of the region named `instanceName` in `vSwitchId`, newest first (a restored instance found by what was asked). */
export async function findEcsInstancesByName(cloud: CloudClients, regionId: string, vSwitchId: string, instanceName: string): Promise<EcsInstanceFacts[]> {
  const res = await cloud.ecs(regionId).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId, vSwitchId, instanceName, pageSize: 100 }));
  return (res.body?.instances?.instance ?? [])
    .filter((i) => i.instanceName === instanceName)
    .sort((a, b) => (b.creationTime ?? "").localeCompare(a.creationTime ?? ""))
    .map((i) => factsOf(regionId, i));
}

/** Whether an IPv4 address lies in a CIDR block ("172.16.0.0/20"). */
export function isInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const toInt = (a: string) => a.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  if (!base || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
}
