import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeIpIn, ipInCidr } from "../../scenario/network.ts";
import { startEmulator, type RunningEmulator } from "../../server.ts";
import { parseScenario } from "../../scenario/schema.ts";
import { $Ecs, admin, ecsClient, failure, startTestEmulator, testScenario } from "../../testing/clients.ts";

// What the console's restores and restore drills call on ECS: zones, instance types, vSwitches, security groups,
// Stop/Start/Delete on the scaled clock, DescribeInstances' network fields and filters, and instance tags.

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.stop());

const REGION = "ap-southeast-1";
const RUNNING = "i-t4ndemo000000001";
const STOPPED = "i-t4ndemo000000012";
const ecs = () => ecsClient(emu, REGION);
const advance = async (seconds: number) => {
  const res = await fetch(`${emu.url}/__emulator/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ seconds }) });
  expect(res.ok).toBe(true);
};
const describe1 = async (instanceId: string) =>
  (await ecs().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }))).body?.instances?.instance?.[0];

describe("zones, instance types and networks", () => {
  it("DescribeZones lists zones a, b, c with what each sells: only -a has cloud_ssd, -c lacks ecs.r7.large", async () => {
    const res = await ecs().describeZones(new $Ecs.DescribeZonesRequest({ regionId: REGION }));
    const zones = res.body?.zones?.zone ?? [];
    expect(zones.map((z) => z.zoneId)).toEqual([`${REGION}-a`, `${REGION}-b`, `${REGION}-c`]);
    const [a, b, c] = zones;
    expect(a?.availableDiskCategories?.diskCategories).toContain("cloud_ssd");
    expect(b?.availableDiskCategories?.diskCategories).not.toContain("cloud_ssd");
    expect(b?.availableInstanceTypes?.instanceTypes).toContain("ecs.r7.large");
    expect(c?.availableInstanceTypes?.instanceTypes).not.toContain("ecs.r7.large");
    expect(a?.availableResourceCreation?.resourceTypes).toContain("Instance");
    expect(a?.availableResources?.resourcesInfo?.[0]?.systemDiskCategories?.supportedSystemDiskCategory).toContain("cloud_ssd");
    expect(a?.localName).toBe("Zone A");
    const terse = await ecs().describeZones(new $Ecs.DescribeZonesRequest({ regionId: REGION, verbose: false }));
    expect(terse.body?.zones?.zone?.[0]?.availableResources?.resourcesInfo).toEqual([]);
  });

  it("DescribeInstanceTypes filters by InstanceTypes.N and InstanceTypeFamily", async () => {
    const some = await ecs().describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ instanceTypes: ["ecs.g7.large", "ecs.r7.large"] }));
    expect(some.body?.instanceTypes?.instanceType?.map((t) => [t.instanceTypeId, t.cpuCoreCount, t.memorySize])).toEqual([
      ["ecs.g7.large", 2, 8],
      ["ecs.r7.large", 2, 16],
    ]);
    const family = await ecs().describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ instanceTypeFamily: "ecs.g7" }));
    expect(family.body?.instanceTypes?.instanceType?.map((t) => t.instanceTypeId)).toEqual(["ecs.g7.large", "ecs.g7.xlarge"]);
  });

  it("DescribeVSwitches filters by zone and VPC and pages; an unknown vSwitch id matches nothing", async () => {
    const inZone = await ecs().describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId: REGION, zoneId: `${REGION}-b` }));
    expect(inZone.body?.vSwitches?.vSwitch?.map((v) => v.vSwitchId).sort()).toEqual(["vsw-apsoutheast1bdemo", "vsw-apsoutheast1bdrill"]);
    const drill = await ecs().describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId: REGION, vpcId: "vpc-apsoutheast1drill", pageSize: 2 }));
    expect(drill.body).toMatchObject({ totalCount: 3, pageNumber: 1, pageSize: 2 });
    expect(drill.body?.vSwitches?.vSwitch).toHaveLength(2);
    const one = await ecs().describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: "vsw-apsoutheast1ademo" }));
    const vsw = one.body?.vSwitches?.vSwitch?.[0];
    expect(vsw).toMatchObject({ zoneId: `${REGION}-a`, vpcId: "vpc-apsoutheast1demo", cidrBlock: "172.16.0.0/20", status: "Available" });
    // 4,096 addresses less 4 reserved less the seeded instances in that vSwitch
    expect(vsw?.availableIpAddressCount).toBeLessThan(4092);
    const unknown = await ecs().describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: "vsw-nope" }));
    expect(unknown.body?.totalCount).toBe(0);
    const err = await failure(ecs().describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId: "mars-1" })));
    expect(err.code).toBe("InvalidRegionId.NotFound");
  });

  it("DescribeSecurityGroups filters by VpcId, SecurityGroupIds (JSON) and Tag; malformed ids are refused", async () => {
    const demo = await ecs().describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, vpcId: "vpc-apsoutheast1demo", isQueryEcsCount: true }));
    expect(demo.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupId)).toEqual(["sg-apsoutheast1demo"]);
    expect(demo.body?.securityGroups?.securityGroup?.[0]?.ecsCount).toBeGreaterThan(0);
    const byIds = await ecs().describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupIds: JSON.stringify(["sg-apsoutheast1drill", "sg-x"]) }));
    expect(byIds.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupId)).toEqual(["sg-apsoutheast1drill"]);
    const isolated = await ecs().describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, tag: [new $Ecs.DescribeSecurityGroupsRequestTag({ key: "hbr-console:isolated", value: "true" })] }),
    );
    expect(isolated.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupId)).toEqual(["sg-apsoutheast1drill"]);
    expect(isolated.body?.securityGroups?.securityGroup?.[0]?.tags?.tag).toEqual([{ tagKey: "hbr-console:isolated", tagValue: "true" }]);
    const bad = await failure(ecs().describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupIds: "sg-a,sg-b" })));
    expect([bad.statusCode, bad.code]).toEqual([400, "InvalidSecurityGroupIds.Malformed"]);
  });
});

describe("instance lifecycle on the scaled clock", () => {
  it("StopInstance: Running → Stopping → Stopped; stopping a Stopped instance is IncorrectInstanceStatus", async () => {
    await ecs().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-t4ndemo000000003" }));
    expect((await describe1("i-t4ndemo000000003"))?.status).toBe("Stopping");
    const busy = await failure(ecs().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-t4ndemo000000003" })));
    expect([busy.statusCode, busy.code]).toEqual([403, "IncorrectInstanceStatus"]);
    await advance(11);
    expect((await describe1("i-t4ndemo000000003"))?.status).toBe("Stopped");
    const statuses = await ecs().describeInstanceStatus(new $Ecs.DescribeInstanceStatusRequest({ regionId: REGION, instanceId: ["i-t4ndemo000000003", RUNNING, "i-nope"] }));
    expect(statuses.body?.instanceStatuses?.instanceStatus).toEqual([
      { instanceId: "i-t4ndemo000000003", status: "Stopped" },
      { instanceId: RUNNING, status: "Running" },
    ]);
    const again = await failure(ecs().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-t4ndemo000000003" })));
    expect([again.statusCode, again.code]).toEqual([403, "IncorrectInstanceStatus"]);
    const missing = await failure(ecs().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-nope" })));
    expect([missing.statusCode, missing.code]).toEqual([404, "InvalidInstanceId.NotFound"]);
  });

  it("StartInstance: Stopped → Starting → Running; starting a Running instance is refused; Cloud Assistant waits for Running", async () => {
    const refused = await failure(ecs().startInstance(new $Ecs.StartInstanceRequest({ instanceId: RUNNING })));
    expect(refused.code).toBe("IncorrectInstanceStatus");
    await ecs().startInstance(new $Ecs.StartInstanceRequest({ instanceId: STOPPED }));
    expect((await describe1(STOPPED))?.status).toBe("Starting");
    const early = await failure(ecs().runCommand(new $Ecs.RunCommandRequest({ regionId: REGION, type: "RunShellScript", commandContent: "true", instanceId: [STOPPED] })));
    expect(early.code).toBe("IncorrectInstanceStatus");
    await advance(16);
    expect((await describe1(STOPPED))?.status).toBe("Running");
  });

  it("ForceStop finishes sooner than a normal stop; DryRun checks without stopping", async () => {
    const dry = await failure(ecs().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-t4ndemo000000004", dryRun: true })));
    expect(dry.code).toBe("DryRunOperation");
    expect((await describe1("i-t4ndemo000000004"))?.status).toBe("Running");
    await ecs().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-t4ndemo000000004", forceStop: true }));
    await advance(4);
    expect((await describe1("i-t4ndemo000000004"))?.status).toBe("Stopped");
  });

  it("the ticker finishes a Starting instance another part of the emulator created (a restore) without a request", async () => {
    const region = emu.emulator.account([...emu.emulator.keys.values()][0]!.accountId).region(REGION)!;
    const source = region.instances.get(RUNNING)!;
    const now = emu.emulator.clock.now();
    const made = { ...structuredClone(source), instanceId: "i-restoredtest00001", status: "Starting", transition: { to: "Running", at: now + 5_000 } };
    region.instances.set(made.instanceId, made);
    region.invalidateInstances();
    expect((await describe1(made.instanceId))?.status).toBe("Starting");
    emu.emulator.clock.advance(6);
    emu.emulator.tickAll();
    expect(region.instances.get(made.instanceId)?.status).toBe("Running");
    expect(region.instances.get(made.instanceId)?.transition).toBeUndefined();
  });

  it("DeleteInstance: a Running instance needs Force; the instance leaves DescribeInstances and the region index, its snapshots stay", async () => {
    const account = emu.emulator.account([...emu.emulator.keys.values()][0]!.accountId);
    const target = "i-t4ndemo000000005";
    expect(account.regionOfInstance(target)).toBe(REGION);
    const refused = await failure(ecs().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: target })));
    expect([refused.statusCode, refused.code]).toEqual([403, "IncorrectInstanceStatus"]);
    const snapshot = { snapshotId: "s-keptaftedelete1", snapshotName: "kept", description: "", status: "accomplished" as const, sourceDiskId: "d-x", sourceDiskType: "system" as const, sourceDiskSize: 40, creationTime: emu.emulator.clock.now(), instanceId: target, tags: {} };
    account.region(REGION)!.snapshots.set(snapshot.snapshotId, snapshot as never);
    await ecs().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: target, force: true }));
    expect(await describe1(target)).toBeUndefined();
    expect(account.regionOfInstance(target)).toBeUndefined();
    const disks = await ecs().describeDisks(new $Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: target }));
    expect(disks.body?.totalCount).toBe(0);
    const snaps = await ecs().describeSnapshots(new $Ecs.DescribeSnapshotsRequest({ regionId: REGION, snapshotIds: JSON.stringify([snapshot.snapshotId]) }));
    expect(snaps.body?.snapshots?.snapshot).toHaveLength(1);
    const gone = await failure(ecs().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: target, force: true })));
    expect([gone.statusCode, gone.code]).toEqual([404, "InvalidInstanceId.NotFound"]);
  });

  it("DeleteInstance of a Stopped instance needs no Force", async () => {
    await ecs().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: "i-t4ndemo000000003" }));
    expect(await describe1("i-t4ndemo000000003")).toBeUndefined();
  });
});

describe("DescribeInstances network fields and filters", () => {
  it("renders VPC, vSwitch, private IP, default security group, public IP and description", async () => {
    const i = await describe1(RUNNING);
    expect(i?.vpcAttributes).toMatchObject({ vpcId: "vpc-apsoutheast1demo", vSwitchId: "vsw-apsoutheast1ademo" });
    expect(i?.vpcAttributes?.privateIpAddress?.ipAddress).toHaveLength(1);
    expect(i?.securityGroupIds?.securityGroupId).toEqual(["sg-apsoutheast1demo"]);
    expect(i?.publicIpAddress?.ipAddress).toEqual([]);
    const region = emu.emulator.account([...emu.emulator.keys.values()][0]!.accountId).region(REGION)!;
    Object.assign(region.instances.get(RUNNING)!, { publicIp: "47.1.2.3", description: "restored", securityGroupIds: ["sg-apsoutheast1drill"] });
    const after = await describe1(RUNNING);
    expect(after).toMatchObject({ description: "restored" });
    expect(after?.publicIpAddress?.ipAddress).toEqual(["47.1.2.3"]);
    expect(after?.securityGroupIds?.securityGroupId).toEqual(["sg-apsoutheast1drill"]);
  });

  it("filters by VSwitchId, VpcId, SecurityGroupId and ZoneId", async () => {
    const inVsw = await ecs().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, vSwitchId: "vsw-apsoutheast1ademo", pageSize: 100 }));
    expect(inVsw.body?.totalCount).toBeGreaterThan(0);
    expect(inVsw.body?.instances?.instance?.every((i) => i.vpcAttributes?.vSwitchId === "vsw-apsoutheast1ademo")).toBe(true);
    const drillVpc = await ecs().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, vpcId: "vpc-apsoutheast1drill" }));
    expect(drillVpc.body?.totalCount).toBe(0);
    const bySg = await ecs().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, securityGroupId: "sg-apsoutheast1drill" }));
    expect(bySg.body?.instances?.instance?.map((i) => i.instanceId)).toEqual([RUNNING]);
    const zoneB = await ecs().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, zoneId: `${REGION}-b` }));
    expect(zoneB.body?.totalCount).toBe(0);
  });
});

describe("instance tags", () => {
  it("TagResources, ListTagResources by tag (the drill sweeper) and by id, UntagResources", async () => {
    const tag = [new $Ecs.TagResourcesRequestTag({ key: "hbr-console:drill", value: "run-1" })];
    await ecs().tagResources(new $Ecs.TagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: [RUNNING, "i-t4ndemo000000006"], tag }));
    const found = await ecs().listTagResources(
      new $Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: "instance", tag: [new $Ecs.ListTagResourcesRequestTag({ key: "hbr-console:drill" })] }),
    );
    const rows = found.body?.tagResources?.tagResource ?? [];
    expect([...new Set(rows.map((r) => r.resourceId))].sort()).toEqual([RUNNING, "i-t4ndemo000000006"]);
    expect(rows).toContainEqual(expect.objectContaining({ resourceId: RUNNING, resourceType: "instance", tagKey: "hbr-console:drill", tagValue: "run-1" }));
    const filtered = await ecs().describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: REGION, tag: [new $Ecs.DescribeInstancesRequestTag({ key: "hbr-console:drill", value: "run-1" })] }),
    );
    expect(filtered.body?.totalCount).toBe(2);
    const byId = await ecs().listTagResources(new $Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: ["i-t4ndemo000000006"] }));
    expect(byId.body?.tagResources?.tagResource?.map((r) => r.tagKey)).toContain("hbr-console:drill");
    await ecs().untagResources(new $Ecs.UntagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: ["i-t4ndemo000000006"], tagKey: ["hbr-console:drill"] }));
    const after = await ecs().listTagResources(
      new $Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: "instance", tag: [new $Ecs.ListTagResourcesRequestTag({ key: "hbr-console:drill", value: "run-1" })] }),
    );
    expect(new Set(after.body?.tagResources?.tagResource?.map((r) => r.resourceId))).toEqual(new Set([RUNNING]));
    const byFilter = await ecs().listTagResources(
      new $Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: "instance", tagFilter: [new $Ecs.ListTagResourcesRequestTagFilter({ tagKey: "hbr-console:drill", tagValues: ["run-0", "run-1"] })] }),
    );
    expect(new Set(byFilter.body?.tagResources?.tagResource?.map((r) => r.resourceId))).toEqual(new Set([RUNNING]));
    await ecs().untagResources(new $Ecs.UntagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: [RUNNING], all: true }));
    const none = await ecs().listTagResources(new $Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: [RUNNING] }));
    expect(none.body?.tagResources?.tagResource).toEqual([]);
    const missing = await failure(ecs().tagResources(new $Ecs.TagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: ["i-nope"], tag })));
    expect([missing.statusCode, missing.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    const neither = await failure(ecs().listTagResources(new $Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: "instance" })));
    expect(neither.code).toBe("MissingParameter");
  });
});

describe("lifecycle across a restart", () => {
  it("a Stopping instance is still Stopping after a restart and becomes Stopped on the clock; a deleted one stays gone", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-emu-ecs-"));
    try {
      const first = await startEmulator({ dataDir, scenario: testScenario() });
      await ecsClient(first).stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-t4ndemo000000006" }));
      await ecsClient(first).deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: "i-t4ndemo000000007", force: true }));
      await first.stop();
      const second = await startEmulator({ dataDir, scenario: testScenario() });
      try {
        const read = async (id: string) =>
          (await ecsClient(second).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body?.instances?.instance?.[0];
        expect((await read("i-t4ndemo000000006"))?.status).toBe("Stopping");
        expect(await read("i-t4ndemo000000007")).toBeUndefined();
        await admin(second, "clock/advance", "POST", { seconds: 11 });
        expect((await read("i-t4ndemo000000006"))?.status).toBe("Stopped");
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("addresses", () => {
  it("every seeded instance's private IP lies in its vSwitch's CIDR and is unique (5,000-instance region included)", async () => {
    const big = await startEmulator({ inMemory: true });
    try {
      const account = big.emulator.account([...big.emulator.keys.values()][0]!.accountId);
      for (const region of account.regions.values()) {
        const seen = new Set<string>();
        for (const i of region.instanceArray()) {
          const vsw = region.vSwitches.get(i.vSwitchId);
          expect(vsw, i.instanceId).toBeDefined();
          expect(ipInCidr(i.privateIp, vsw!.cidrBlock), `${i.instanceId} ${i.privateIp} in ${vsw!.cidrBlock}`).toBe(true);
          expect(seen.has(i.privateIp), `${i.privateIp} twice in ${region.region.regionId}`).toBe(false);
          seen.add(i.privateIp);
        }
      }
    } finally {
      await big.stop();
    }
  });

  it("ipInCidr: VPC reserves the first address and the last three of a vSwitch CIDR; malformed addresses are out", () => {
    const inside = (ip: string) => ipInCidr(ip, "192.168.1.0/24");
    expect(["192.168.1.0", "192.168.1.1", "192.168.1.252", "192.168.1.253", "192.168.1.254", "192.168.1.255"].map(inside)).toEqual([
      false, true, true, false, false, false,
    ]);
    expect(["192.168.2.1", "192.168.1.999", "192.168.1", "10.0.0.5"].map(inside)).toEqual([false, false, false, false]);
    expect([ipInCidr("172.16.15.252", "172.16.0.0/20"), ipInCidr("172.16.15.253", "172.16.0.0/20")]).toEqual([true, false]);
  });

  it("freeIpIn finds the first unused host address of a vSwitch", async () => {
    const region = emu.emulator.account([...emu.emulator.keys.values()][0]!.accountId).region(REGION)!;
    // VPC reserves only the first address (and the last three): .1 is the first an instance may get
    expect(freeIpIn(region, region.vSwitches.get("vsw-apsoutheast1adrill")!)).toBe("192.168.0.1");
    const demo = region.vSwitches.get("vsw-apsoutheast1ademo")!;
    const used = new Set(region.instanceArray().map((i) => i.privateIp));
    const free = freeIpIn(region, demo)!;
    expect(used.has(free)).toBe(false);
  });
});

describe("scenario network", () => {
  it("a scenario file adds zones, vSwitches and security groups; a vSwitch in an undeclared zone is refused", async () => {
    const network = {
      zones: [{ regionId: "cn-hangzhou", zoneId: "cn-hangzhou-k", diskCategories: ["cloud_essd"], instanceTypes: ["ecs.g7.large"] }],
      vSwitches: [{ regionId: "cn-hangzhou", zoneId: "cn-hangzhou-k", vSwitchId: "vsw-hzkprod", vpcId: "vpc-hzprod", cidrBlock: "10.8.0.0/24", tags: { team: "db" } }],
      securityGroups: [{ regionId: "cn-hangzhou", securityGroupId: "sg-hzprod", vpcId: "vpc-hzprod", securityGroupName: "prod" }],
    };
    const scenario = parseScenario({ ...testScenario(), network }, "test");
    const custom = await startEmulator({ inMemory: true, scenario });
    try {
      const ecsHz = ecsClient(custom, "cn-hangzhou");
      const zones = await ecsHz.describeZones(new $Ecs.DescribeZonesRequest({ regionId: "cn-hangzhou" }));
      const k = zones.body?.zones?.zone?.find((z) => z.zoneId === "cn-hangzhou-k");
      expect(k?.availableDiskCategories?.diskCategories).toEqual(["cloud_essd"]);
      expect(zones.body?.zones?.zone?.map((z) => z.zoneId)).toContain("cn-hangzhou-a");
      const vsw = await ecsHz.describeVSwitches(new $Ecs.DescribeVSwitchesRequest({ regionId: "cn-hangzhou", vpcId: "vpc-hzprod" }));
      expect(vsw.body?.vSwitches?.vSwitch?.map((v) => [v.vSwitchId, v.zoneId, v.cidrBlock, v.availableIpAddressCount])).toEqual([["vsw-hzkprod", "cn-hangzhou-k", "10.8.0.0/24", 252]]);
      const sg = await ecsHz.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: "cn-hangzhou", vpcId: "vpc-hzprod" }));
      expect(sg.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupName)).toEqual(["prod"]);
    } finally {
      await custom.stop();
    }
    const bad = { ...network, zones: [] };
    expect(() => parseScenario({ ...testScenario(), network: bad }, "bad")).toThrow(/network\.vSwitches\.0\.zoneId: unknown zone "cn-hangzhou-k"/);
  });
});
