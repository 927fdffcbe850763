import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../server.ts";
import type { RegionState } from "../../state/store.ts";
import { startTestEmulator } from "../../testing/clients.ts";
import { checkPlacement, type PlacementRequest } from "./placement.ts";

// Where a restored instance may go: the checks RunInstances makes, with its codes, on the emulator's seeded network.

let emu: RunningEmulator;
let region: RegionState;
beforeAll(async () => {
  emu = await startTestEmulator();
  region = emu.emulator.account([...emu.emulator.keys.values()][0]!.accountId).region("ap-southeast-1")!;
});
afterAll(() => emu.stop());

const code = (req: PlacementRequest) => {
  try {
    checkPlacement(region, req);
  } catch (error) {
    return (error as { code: string }).code;
  }
  return "ok";
};

describe("checkPlacement", () => {
  it("places an instance in the isolated drill vSwitch with its group and the first free IP", () => {
    const p = checkPlacement(region, {
      vSwitchId: "vsw-apsoutheast1bdrill", zoneId: "ap-southeast-1-b", securityGroupIds: ["sg-apsoutheast1drill"], instanceType: "ecs.g7.large", diskCategories: ["cloud_essd"],
    });
    expect([p.zone.zoneId, p.vSwitch.vpcId, p.securityGroups.map((g) => g.securityGroupId), p.privateIp]).toEqual([
      "ap-southeast-1-b", "vpc-apsoutheast1drill", ["sg-apsoutheast1drill"], "192.168.1.1",
    ]);
  });

  it("refuses what RunInstances refuses, with its codes", () => {
    const base = { vSwitchId: "vsw-apsoutheast1ademo" };
    expect(code({ vSwitchId: "vsw-nope" })).toBe("InvalidVSwitchId.NotFound");
    expect(code({ ...base, zoneId: "ap-southeast-1-z" })).toBe("InvalidZoneId.NotFound");
    expect(code({ ...base, zoneId: "ap-southeast-1-b" })).toBe("InvalidParameter.Mismatch");
    expect(code({ ...base, securityGroupIds: ["sg-nope"] })).toBe("InvalidSecurityGroupId.NotFound");
    expect(code({ ...base, securityGroupIds: ["sg-apsoutheast1drill"] })).toBe("InvalidParameter.Mismatch");
    expect(code({ ...base, instanceType: "ecs.x9.huge" })).toBe("InvalidInstanceType.ValueNotSupported");
    expect(code({ vSwitchId: "vsw-apsoutheast1cdemo", instanceType: "ecs.r7.large" })).toBe("InvalidInstanceType.ZoneNotSupported");
    expect(code({ vSwitchId: "vsw-apsoutheast1bdemo", diskCategories: ["cloud_essd", "cloud_ssd"] })).toBe("CategoryNotSupported");
    expect(code({ ...base, diskCategories: ["cloud_ssd"] })).toBe("ok");
    expect(code({ ...base, privateIp: "172.16.0.999" })).toBe("InvalidPrivateIpAddress.Malformed");
    expect(code({ ...base, privateIp: "10.0.0.5" })).toBe("InvalidPrivateIpAddress");
    const taken = region.instanceArray().find((i) => i.vSwitchId === "vsw-apsoutheast1ademo")!.privateIp;
    expect(code({ ...base, privateIp: taken })).toBe("InvalidPrivateIpAddress.Duplicated");
    expect(code({ ...base, privateIp: "172.16.10.10" })).toBe("ok");
  });
});
