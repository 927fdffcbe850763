import { describe, expect, it } from "vitest";
import { prerequisitesSchema, type Prerequisites } from "@/lib/schemas/instances";
import { APP_SNAPSHOT_ROLE, POST_SCRIPT_PATH, PRE_SCRIPT_PATH } from "@/lib/schemas/plan";
import { checkPrerequisites } from "@/lib/server/instances/check-prerequisites";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";

const kit = setUpInventoryEmulator();

const regionOf = (instanceId: string) => (instanceId.startsWith("i-t4n") ? "ap-southeast-1" : instanceId.startsWith("i-j6c") ? "cn-hongkong" : "cn-shanghai");

async function check(instanceId: string): Promise<Prerequisites> {
  return prerequisitesSchema.parse(await checkPrerequisites(kit.cloud, regionOf(instanceId), instanceId, { pollIntervalMs: 50 }));
}

const statuses = (p: Prerequisites) => Object.fromEntries(p.items.map((i) => [i.id, i.status]));
const evidence = (p: Prerequisites, id: string) => p.items.find((i) => i.id === id)?.evidence;

describe("checkPrerequisites", () => {
  it("passes every item of a ready Linux instance, reading the guest through Cloud Assistant", async () => {
    const started = performance.now();
    const p = await check(demo.sgMysql);
    console.info(`checkPrerequisites (Linux, guest command): ${(performance.now() - started).toFixed(1)} ms`);
    expect(p.osType).toBe("linux");
    expect(p.items.map((i) => i.id)).toEqual(["os", "disks", "fileSystems", "region", "ramRole", "cloudAssistant", "scripts"]);
    expect(new Set(Object.values(statuses(p)))).toEqual(new Set(["pass"]));
    expect(evidence(p, "fileSystems")).toBe("/dev/xvda ext4, /dev/xvdb xfs");
    expect(evidence(p, "scripts")).toBe(`${PRE_SCRIPT_PATH} 700 root, ${POST_SCRIPT_PATH} 700 root`);
    expect(evidence(p, "ramRole")).toContain(`${APP_SNAPSHOT_ROLE} (AppSnapshotPolicy) allows`);
    expect(evidence(p, "cloudAssistant")).toContain("process aliyun.service");
    expect(p.predicted.level).toBe("APPLICATION");
  });

  it("needs no scripts on Windows (VSS through Cloud Assistant)", async () => {
    const p = await check(demo.sgWin2019);
    expect(p.osType).toBe("windows");
    // The Linux scripts do not apply: neither a pass nor a fail, and no fix offered.
    expect(p.items.find((i) => i.id === "scripts")).toMatchObject({ status: "notApplicable", evidence: "Not applicable (Windows uses VSS)" });
    expect(evidence(p, "fileSystems")).toBe("C: NTFS");
    expect(evidence(p, "cloudAssistant")).toContain("process AliyunService");
    expect(p.predicted.level).toBe("APPLICATION");
  });

  it("says which check fails, with evidence", async () => {
    const cases: [string, string, string | RegExp][] = [
      [demo.sgCentos75, "os", "CentOS 7.5 64 bit: CentOS needs 7.6 or later"],
      [demo.sgEfficiency, "disks", /is cloud_efficiency/],
      [demo.sgBtrfs, "fileSystems", /is btrfs: only ext3, ext4, XFS and NTFS/],
      [demo.shOracle, "region", /China \(Shanghai\)/],
      [demo.sgNoRole, "ramRole", /No RAM role/],
      [demo.hkRoleNoPolicy, "ramRole", "RoleWithoutPolicy (no policies attached) does not allow ecs:DescribeSnapshot*, ecs:CreateSnapshot*, ecs:TagResources, ecs:DescribeDisks"],
      [demo.hkAgentStopped, "cloudAssistant", /installed but not running/],
      [demo.hkAgentAbsent, "cloudAssistant", "Cloud Assistant is not installed"],
      [demo.sgAlinuxMode755, "scripts", /prescript\.sh is 755 root \(needs 700 root\)/],
      [demo.sgCentos76Admin, "scripts", /is 700 admin/],
      [demo.hkPrescriptOnly, "scripts", `${POST_SCRIPT_PATH} is missing`],
    ];
    for (const [instanceId, id, expected] of cases) {
      const item = (await check(instanceId)).items.find((i) => i.id === id);
      expect(item?.status, `${instanceId} ${id}`).toBe("fail");
      if (typeof expected === "string") expect(item?.evidence).toBe(expected);
      else expect(item?.evidence).toMatch(expected);
    }
  });

  it("a stopped instance: Cloud Assistant fails, guest facts are unknown, prediction CRASH", async () => {
    const p = await check(demo.sgStopped);
    expect(statuses(p)).toMatchObject({ cloudAssistant: "fail", fileSystems: "unknown", scripts: "unknown", os: "pass" });
    expect(evidence(p, "cloudAssistant")).toBe("The instance is Stopped: Cloud Assistant runs only on a running instance");
    expect(p.predicted).toEqual({ level: "CRASH", reason: expect.stringContaining("Stopped") });
  });

  it("404s an instance the region does not have", async () => {
    await expect(checkPrerequisites(kit.cloud, "ap-southeast-1", demo.shOracle)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Unknown instance" });
  });
});

describe("the prediction agrees with the consistency HBR actually reaches", () => {
  const instances = [
    demo.sgMysql,
    demo.sgWin2019,
    demo.sgUbuntuNoScripts,
    demo.sgAlinuxMode755,
    demo.sgCentos76Admin,
    demo.hkPrescriptOnly,
    demo.sgCentos75,
    demo.sgEfficiency,
    demo.sgBtrfs,
    demo.sgNoRole,
    demo.sgStopped,
    demo.hkRoleNoPolicy,
    demo.hkAgentStopped,
    demo.hkWinAgentAbsent,
    demo.shOracle,
  ];

  it("for every prerequisite case of the default scenario", async () => {
    const predicted = new Map<string, Prerequisites["predicted"]>();
    const jobs = new Map<string, string>();
    for (const instanceId of instances) {
      predicted.set(instanceId, (await check(instanceId)).predicted);
      const { jobId } = await kit.cloud.hbr(regionOf(instanceId)).createBackupJob({
        sourceType: "UDM_ECS",
        instanceId,
        backupType: "COMPLETE",
        detail: {
          appConsistent: true,
          preScriptPath: PRE_SCRIPT_PATH,
          postScriptPath: POST_SCRIPT_PATH,
          ramRoleName: APP_SNAPSHOT_ROLE,
          enableFsFreeze: true,
          timeoutInSeconds: 30,
        },
      });
      jobs.set(instanceId, jobId);
    }
    const levels = [...predicted.values()].map((p) => p.level);
    expect(new Set(levels)).toEqual(new Set(["APPLICATION", "FILE_SYSTEM", "CRASH"]));

    const { now } = await kit.admin<{ now: number }>("clock/advance", "POST", { seconds: 3600 });
    for (const instanceId of instances) {
      const regionId = regionOf(instanceId);
      const res = await kit.cloud.hbr(regionId).describeUdmSnapshots({
        sourceType: "UDM_ECS",
        udmRegionId: regionId,
        instanceId,
        jobId: jobs.get(instanceId),
        startTime: 0,
        endTime: Math.ceil(now / 1000) + 3600,
      });
      expect(res.snapshots, `${instanceId}: one backup`).toHaveLength(1);
      const reached = res.snapshots[0]!.detail;
      expect(reached?.consistentLevel, `${instanceId}: predicted ${JSON.stringify(predicted.get(instanceId))}, HBR says ${reached?.downgradeReason}`).toBe(
        predicted.get(instanceId)?.level,
      );
    }
  });
});
