import { describe, expect, it } from "vitest";
import { instanceListQuerySchema, instanceListSchema } from "@/lib/schemas/instances";
import { getInstancesByIds } from "@/lib/server/instances/get-instances-by-ids";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";
import { searchInstances } from "@/lib/server/instances/search-instances";

const kit = setUpInventoryEmulator();

describe("searchInstances", () => {
  it("pages the region's instances with disks, roles and snapshot-group support", async () => {
    const page = instanceListSchema.parse(await searchInstances(kit.cloud, "ap-southeast-1", { page: 1, pageSize: 5 }));
    expect(page).toMatchObject({ page: 1, pageSize: 5, total: 14 });
    expect(page.instances).toHaveLength(5);
    const mysql = page.instances.find((i) => i.instanceId === demo.sgMysql);
    expect(mysql).toMatchObject({
      instanceName: "sg-db-mysql-01",
      osType: "linux",
      osName: "CentOS 7.9 64 bit",
      status: "Running",
      zoneId: "ap-southeast-1-a",
      regionId: "ap-southeast-1",
      snapshotGroupSupported: true,
      snapshotGroupReason: "All 2 disks are ESSD in ap-southeast-1-a: HBR creates a snapshot-consistent group",
      boundPolicyId: null,
      ramRoleName: "AppSnapshotRoleName",
    });
    expect(mysql?.disks.map((d) => [d.type, d.category, d.sizeGiB])).toEqual([
      ["system", "cloud_essd", 40],
      ["data", "cloud_essd", 200],
    ]);
    const rest = await searchInstances(kit.cloud, "ap-southeast-1", { page: 3, pageSize: 5 });
    expect(rest.instances).toHaveLength(4);
  });

  it("explains why an instance gets only crash consistency of disks", async () => {
    const [efficiency] = (await searchInstances(kit.cloud, "ap-southeast-1", { q: "hdd-archive", page: 1, pageSize: 20 })).instances;
    expect(efficiency).toMatchObject({
      instanceId: demo.sgEfficiency,
      snapshotGroupSupported: false,
      snapshotGroupReason: `d-${demo.sgEfficiency.slice(2)}s is cloud_efficiency: only crash consistency of each disk`,
    });
  });

  it("searches by name on the server, and by id when q is an instance id", async () => {
    const byName = await searchInstances(kit.cloud, "ap-southeast-1", { q: "win", page: 1, pageSize: 20 });
    expect(byName.instances.map((i) => i.instanceName).sort()).toEqual(["sg-win-ad-2012", "sg-win-iis-2016", "sg-win-sql-2019"]);
    expect(byName.total).toBe(3);
    const byId = await searchInstances(kit.cloud, "ap-southeast-1", { q: demo.sgNoRole, page: 1, pageSize: 20 });
    expect(byId.instances).toMatchObject([{ instanceId: demo.sgNoRole, ramRoleName: null }]);
    expect((await searchInstances(kit.cloud, "ap-southeast-1", { q: "no-such-thing", page: 1, pageSize: 20 })).total).toBe(0);
  });

  it("reads exactly the instances asked by id in one page, leaving out ids the region does not have", async () => {
    const query = instanceListQuerySchema.parse({ ids: `${demo.sgMysql}, ${demo.sgNoRole},i-nosuchinstance0001,${demo.sgMysql}`, pageSize: "3" });
    expect(query.ids).toEqual([demo.sgMysql, demo.sgNoRole, "i-nosuchinstance0001"]);
    const page = await searchInstances(kit.cloud, "ap-southeast-1", query);
    expect(page.instances.map((i) => i.instanceId).sort()).toEqual([demo.sgMysql, demo.sgNoRole].sort());
    expect(page.total).toBe(2);
    expect(instanceListQuerySchema.safeParse({ ids: "sg-db-mysql-01" }).success).toBe(false);
    expect(instanceListQuerySchema.safeParse({ ids: Array.from({ length: 101 }, (_, n) => `i-x${n}`).join(",") }).success).toBe(false);
  });

  it("shows the policy an instance is bound to", async () => {
    const hbr = kit.cloud.hbr("ap-southeast-1");
    const { policyId } = await hbr.createPolicyV2({
      policyName: "inventory-bound",
      policyType: "UDM_ECS_ONLY",
      rules: [{ ruleType: "BACKUP", schedule: "I|1796090400|P1D", retention: 7, backupType: "COMPLETE" }],
    });
    await hbr.createPolicyBindings({ policyId, policyBindingList: [{ sourceType: "UDM_ECS", dataSourceId: demo.sgWin2019 }] });
    const page = await searchInstances(kit.cloud, "ap-southeast-1", { q: "sg-win", page: 1, pageSize: 20 });
    expect(page.instances.find((i) => i.instanceId === demo.sgWin2019)).toMatchObject({ boundPolicyId: policyId, boundPolicyName: "inventory-bound" });
    expect(page.instances.filter((i) => i.boundPolicyId !== null)).toHaveLength(1);
    expect(page.instances.find((i) => i.instanceId !== demo.sgWin2019)?.boundPolicyName).toBeNull();
  });

  it("filters by status, zone and tag in ECS, and by OS, each with the total of all matches", async () => {
    const sg = (search: Omit<Parameters<typeof searchInstances>[2], "page" | "pageSize">) => searchInstances(kit.cloud, "ap-southeast-1", { page: 1, pageSize: 20, ...search });
    const windows = await sg({ osType: "windows" });
    expect(windows.instances.map((i) => i.instanceName).sort()).toEqual(["sg-win-ad-2012", "sg-win-iis-2016", "sg-win-sql-2019"]);
    expect(windows.total).toBe(3);
    const linux = await sg({ osType: "linux" });
    expect(linux.total).toBe(14 - 3);
    expect(linux.instances.every((i) => i.osType === "linux")).toBe(true);
    const stopped = await sg({ status: "Stopped" });
    expect(stopped.instances.map((i) => i.instanceId)).toContain(demo.sgStopped);
    expect(stopped.instances.every((i) => i.status === "Stopped")).toBe(true);
    const staging = await sg({ tag: "env=staging" });
    expect(staging.instances.map((i) => i.instanceName).sort()).toEqual(["sg-alinux2-app", "sg-centos76-app", "sg-policy-app-1", "sg-policy-app-2"]);
    expect((await sg({ tag: "app" })).total).toBe(3);
    const prodWindowsByName = await sg({ tag: "env=prod", osType: "windows", q: "sql" });
    expect(prodWindowsByName.instances.map((i) => i.instanceName)).toEqual(["sg-win-sql-2019"]);
    const zone = await sg({ zoneId: "ap-southeast-1-a" });
    expect(zone.total).toBeGreaterThan(0);
    expect(zone.instances.every((i) => i.zoneId === "ap-southeast-1-a")).toBe(true);
    expect((await sg({ zoneId: "ap-southeast-1-z" })).total).toBe(0);
  });

  it("refuses filters the API cannot pass to ECS", () => {
    expect(instanceListQuerySchema.parse({ tag: " env = prod ", osType: "windows", status: "Stopped", zoneId: "ap-southeast-1-a" })).toMatchObject({ tag: "env = prod", osType: "windows" });
    expect(instanceListQuerySchema.safeParse({ tag: "=prod" }).success).toBe(false);
    expect(instanceListQuerySchema.safeParse({ zoneId: "a zone" }).success).toBe(false);
    expect(instanceListQuerySchema.safeParse({ status: "Deleted" }).success).toBe(false);
    expect(instanceListQuerySchema.safeParse({ osType: "macos" }).success).toBe(false);
  });

  it("reads a 99-instance page of an OS filter over the 5,000-instance region (Select all matching)", async () => {
    const started = performance.now();
    const page = await searchInstances(kit.cloud, "ap-northeast-1", { osType: "windows", status: "Running", page: 1, pageSize: 99 });
    const ms = performance.now() - started;
    console.info(`searchInstances windows+Running over 5,000 instances, 99 per page: ${ms.toFixed(1)} ms, total ${page.total}`);
    expect(page.instances).toHaveLength(99);
    expect(page.instances.every((i) => i.osType === "windows" && i.status === "Running")).toBe(true);
    // Every 5th generated instance is Windows, every 17th stopped.
    const expected = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 5 === 3 && i % 17 !== 0).length;
    expect(page.total).toBe(expected);
  });

  it("stays fast over the 5,000-instance region", async () => {
    const timings: number[] = [];
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const page = await searchInstances(kit.cloud, "ap-northeast-1", { page: 1 + i * 17, pageSize: 20 });
      timings.push(performance.now() - started);
      total = page.total;
      expect(page.instances).toHaveLength(20);
    }
    const searched = performance.now();
    const found = await searchInstances(kit.cloud, "ap-northeast-1", { q: "bulk-0421", page: 1, pageSize: 20 });
    const searchMs = performance.now() - searched;
    expect(total).toBe(5000);
    expect(found.instances.map((i) => i.instanceName)).toContain("bulk-04210");
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    console.info(`searchInstances over 5,000 instances: median ${median.toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms, name search ${searchMs.toFixed(1)} ms`);
    expect(median).toBeLessThan(200);
  });
});

describe("getInstancesByIds", () => {
  it("returns the asked instances in order and leaves out ids the region does not have", async () => {
    const found = await getInstancesByIds(kit.cloud, "ap-southeast-1", [demo.sgStopped, "i-doesnotexist1", demo.sgMysql, demo.shOracle]);
    expect(found.map((i) => i.instanceId)).toEqual([demo.sgStopped, demo.sgMysql]);
    expect(found[0]).toMatchObject({ status: "Stopped", disks: expect.any(Array) });
  });

  it("refuses more than 99 ids", async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `i-x${i}`);
    await expect(getInstancesByIds(kit.cloud, "ap-southeast-1", ids)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
