import { describe, expect, it } from "vitest";
import { CASE_POLICIES, CONSISTENCY_CASES, CONSOLE_CHECK_OF_REASON, type ConsistencyFacts } from "@/emulator/testing/consistency-cases";
import type { CheckItem } from "@/lib/schemas/instances";
import { POST_SCRIPT_PATH, PRE_SCRIPT_PATH } from "@/lib/schemas/plan";
import { checkLabels } from "@/lib/server/instances/check-prerequisites";
import {
  APP_CONSISTENT_CATEGORY,
  checkFileSystems,
  checkOsSupport,
  checkScripts,
  checkSnapshotGroupSupport,
  findMissingPermissions,
  parseGuestOutput,
  predictConsistency,
} from "@/lib/server/instances/consistency-rules";

describe("checkOsSupport", () => {
  it.each([
    ["Windows Server 2019 Datacenter 64bit", true],
    ["Windows Server 2016 Datacenter 64bit", true],
    ["Windows Server 2012 R2 Datacenter 64bit", true],
    ["Windows Server 2022 Datacenter 64bit", false],
    ["CentOS 7.5 64 bit", false],
    ["CentOS 7.6 64 bit", true],
    ["CentOS 8.5 64 bit", true],
    ["Ubuntu 16.04 64 bit", false],
    ["Ubuntu 18.04 64 bit", true],
    ["Ubuntu 22.04 64 bit", true],
    ["Alibaba Cloud Linux 2.1903 LTS 64 bit", true],
    ["Alibaba Cloud Linux 3.2104 LTS 64 bit", false],
    ["Debian 11.6 64 bit", false],
  ])("%s → %s", (osName, isSupported) => {
    expect(checkOsSupport(osName).isSupported).toBe(isSupported);
  });

  it("says what version is needed", () => {
    expect(checkOsSupport("CentOS 7.5 64 bit").evidence).toBe("CentOS 7.5 64 bit: CentOS needs 7.6 or later");
    expect(checkOsSupport("Ubuntu 16.04 64 bit").evidence).toBe("Ubuntu 16.04 64 bit: Ubuntu needs 18.04 or later");
  });
});

describe("checkSnapshotGroupSupport", () => {
  const disk = (diskId: string, category: string, zoneId = "ap-southeast-1-a") => ({ diskId, category, zoneId });
  it("accepts ESSD-family disks in one zone", () => {
    expect(checkSnapshotGroupSupport([disk("d-1", "cloud_essd"), disk("d-2", "cloud_auto")])).toEqual({
      isSupported: true,
      reason: "All 2 disks are ESSD in ap-southeast-1-a: HBR creates a snapshot-consistent group",
    });
  });
  it("names the disk that is not ESSD, and refuses disks across zones", () => {
    expect(checkSnapshotGroupSupport([disk("d-1", "cloud_essd"), disk("d-2", "cloud_efficiency")])).toEqual({
      isSupported: false,
      reason: "d-2 is cloud_efficiency: only crash consistency of each disk",
    });
    expect(checkSnapshotGroupSupport([disk("d-1", "cloud_essd"), disk("d-2", "cloud_essd", "ap-southeast-1-b")]).isSupported).toBe(false);
    expect(checkSnapshotGroupSupport([]).isSupported).toBe(false);
  });
});

describe("findMissingPermissions", () => {
  const custom = (statement: unknown) => ({ policyName: "P", policyType: "Custom", document: JSON.stringify({ Version: "1", Statement: statement }) });
  it("accepts the seed's AppSnapshotPolicy, wildcards and full-access system policies", () => {
    const seed = custom([{ Effect: "Allow", Action: ["ecs:DescribeSnapshot*", "ecs:CreateSnapshot*", "ecs:TagResources", "ecs:DescribeDisks"], Resource: ["*"] }]);
    expect(findMissingPermissions([seed])).toEqual([]);
    expect(findMissingPermissions([custom([{ Effect: "Allow", Action: "ecs:*" }])])).toEqual([]);
    expect(findMissingPermissions([custom({ Effect: "Allow", Action: "*" })])).toEqual([]);
    expect(findMissingPermissions([{ policyName: "AliyunECSFullAccess", policyType: "System", document: null }])).toEqual([]);
    expect(findMissingPermissions([{ policyName: "AdministratorAccess", policyType: "System", document: null }])).toEqual([]);
  });
  it("names what is missing; a Deny wins; no policies allow nothing", () => {
    expect(findMissingPermissions([custom([{ Effect: "Allow", Action: ["ecs:Describe*"] }])])).toEqual(["ecs:CreateSnapshot*", "ecs:TagResources"]);
    expect(
      findMissingPermissions([custom([{ Effect: "Allow", Action: "ecs:*" }]), custom([{ Effect: "Deny", Action: "ecs:TagResources" }])]),
    ).toEqual(["ecs:TagResources"]);
    expect(findMissingPermissions([])).toHaveLength(4);
    expect(findMissingPermissions([{ policyName: "Broken", policyType: "Custom", document: "{not json" }])).toHaveLength(4);
  });
});

describe("parseGuestOutput", () => {
  it("reads df -T, pgrep and stat output of a Linux guest", () => {
    const output = [
      "Filesystem   Type     Size  Used Avail Use% Mounted on",
      "/dev/xvda    ext4     40G  3.1G  37G   8% /",
      "tmpfs        tmpfs    1.9G     0  1.9G   0% /dev/shm",
      "/dev/loop0   squashfs  56M   56M     0 100% /snap/core",
      "/dev/xvdb    xfs      200G  3.1G  197G   8% /data1",
      "812 /usr/local/share/aliyun-assist/2.2.3.398/aliyun-service",
      "700 root /tmp/prescript.sh",
      "stat: cannot stat '/tmp/postscript.sh': No such file or directory",
      "==> /tmp/prescript.sh <==",
      "#!/bin/bash",
      "head: cannot open '/tmp/postscript.sh' for reading: No such file or directory",
    ].join("\n");
    expect(parseGuestOutput("linux", output)).toEqual({
      fileSystems: [
        { device: "/dev/xvda", type: "ext4" },
        { device: "/dev/xvdb", type: "xfs" },
      ],
      scripts: { "/tmp/prescript.sh": { mode: "700", owner: "root" } },
      firstLines: { "/tmp/prescript.sh": "#!/bin/bash" },
      isAgentProcessSeen: true,
    });
  });
  it("reads volumes and the AliyunService of a Windows guest", () => {
    const output = "DriveLetter FileSystem Label    Size\r\nC           NTFS       System   60 GB\r\nD ReFS\r\n\r\nStatus   Name               DisplayName\r\n------   ----               -----------\r\nRunning  AliyunService      AliyunService\r\n";
    expect(parseGuestOutput("windows", output)).toEqual({
      fileSystems: [
        { device: "C:", type: "NTFS" },
        { device: "D:", type: "ReFS" },
      ],
      scripts: {},
      firstLines: {},
      isAgentProcessSeen: true,
    });
  });
});

describe("checkFileSystems and checkScripts", () => {
  it("fails an unsupported file system by name", () => {
    expect(checkFileSystems([{ device: "/dev/xvda", type: "btrfs" }])).toEqual({
      status: "fail",
      evidence: "/dev/xvda is btrfs: only ext3, ext4, XFS and NTFS are supported",
    });
    expect(checkFileSystems([{ device: "C:", type: "NTFS" }]).status).toBe("pass");
    expect(checkFileSystems([]).status).toBe("unknown");
  });
  it("wants both scripts, root, 700", () => {
    const paths = ["/tmp/prescript.sh", "/tmp/postscript.sh"];
    expect(checkScripts(paths, { "/tmp/prescript.sh": { mode: "700", owner: "root" }, "/tmp/postscript.sh": { mode: "700", owner: "root" } }).status).toBe("pass");
    expect(checkScripts(paths, { "/tmp/prescript.sh": { mode: "755", owner: "root" }, "/tmp/postscript.sh": { mode: "700", owner: "admin" } })).toEqual({
      status: "fail",
      evidence: "/tmp/prescript.sh is 755 root (needs 700 root); /tmp/postscript.sh is 700 admin (needs 700 root)",
    });
    expect(checkScripts(paths, { "/tmp/prescript.sh": { mode: "700", owner: "root" } }).evidence).toBe("/tmp/postscript.sh is missing");
  });
  it("wants a shebang on the first line of each script it could read", () => {
    const paths = ["/tmp/prescript.sh", "/tmp/postscript.sh"];
    const ok = { mode: "700", owner: "root" };
    const scripts = { "/tmp/prescript.sh": ok, "/tmp/postscript.sh": ok };
    expect(checkScripts(paths, scripts, { "/tmp/prescript.sh": "#!/bin/bash", "/tmp/postscript.sh": "#!/bin/sh" }).status).toBe("pass");
    expect(checkScripts(paths, scripts, { "/tmp/prescript.sh": "sync", "/tmp/postscript.sh": "#!/bin/sh" })).toEqual({
      status: "fail",
      evidence: "/tmp/prescript.sh does not start with a shebang line such as #!/bin/bash",
    });
  });
});

describe("predictConsistency", () => {
  const ids: CheckItem["id"][] = ["os", "disks", "fileSystems", "region", "ramRole", "cloudAssistant", "scripts"];
  const items = (over: Partial<Record<CheckItem["id"], CheckItem["status"]>> = {}): CheckItem[] =>
    ids.map((id) => ({ id, label: id, status: over[id] ?? "pass", evidence: `${id} evidence` }));

  it("scripts wrong → FILE_SYSTEM with the seed's warning", () => {
    expect(predictConsistency(items({ scripts: "fail" }))).toEqual({
      level: "FILE_SYSTEM",
      reason: "Missing or wrong scripts give a file-system-consistent backup: scripts evidence",
    });
  });
  it("the first failing hard prerequisite → CRASH, before script problems", () => {
    expect(predictConsistency(items({ region: "fail", ramRole: "fail", scripts: "fail" }))).toEqual({ level: "CRASH", reason: "region: region evidence" });
    expect(predictConsistency(items({ cloudAssistant: "fail", fileSystems: "unknown", scripts: "unknown" })).reason).toBe("cloudAssistant: cloudAssistant evidence");
  });
  it("an unverifiable hard prerequisite → CRASH", () => {
    expect(predictConsistency(items({ fileSystems: "unknown" })).level).toBe("CRASH");
  });
});

/**
 * The checklist check-prerequisites.ts builds for an instance with these facts, from the same pure rules: the guest
 * (file systems, scripts) is read only when the instance runs and Cloud Assistant is online.
 */
function checklistOf(facts: ConsistencyFacts): CheckItem[] {
  const item = (id: CheckItem["id"], { status, evidence }: Pick<CheckItem, "status" | "evidence">): CheckItem => ({ id, label: checkLabels[id], status, evidence });
  const isRunning = (facts.status ?? "Running") === "Running";
  const isGuestReadable = isRunning && facts.cloudAssistant === "running";
  const os = checkOsSupport(facts.osName);
  const otherDisk = facts.diskCategories.find((c) => c !== APP_CONSISTENT_CATEGORY);
  const fileSystems = facts.fileSystems.map((type, i) => ({ device: facts.osType === "windows" ? `${"CDEFGH"[i]}:` : `/dev/xvd${"abcdef"[i]}`, type }));
  const policy = facts.policyAllows ? CASE_POLICIES.allows : CASE_POLICIES.denies;
  const missing = findMissingPermissions([{ policyName: policy.policyName, policyType: "Custom", document: JSON.stringify(policy.document) }]);
  const scripts: Record<string, { mode: string; owner: string }> = {};
  const firstLines: Record<string, string> = {};
  for (const [path, script] of [[PRE_SCRIPT_PATH, facts.scripts.pre], [POST_SCRIPT_PATH, facts.scripts.post]] as const) {
    if (!script) continue;
    scripts[path] = { mode: script.mode, owner: script.owner };
    firstLines[path] = script.shebang ? "#!/bin/bash" : "sync";
  }
  const unreadable = { status: "unknown" as const, evidence: "Cannot read from the guest" };
  return [
    item("os", { status: os.isSupported ? "pass" : "fail", evidence: os.evidence }),
    item("disks", otherDisk ? { status: "fail", evidence: `a disk is ${otherDisk}` } : { status: "pass", evidence: "all ESSD" }),
    item("fileSystems", isGuestReadable ? checkFileSystems(fileSystems) : unreadable),
    item("region", { status: facts.appConsistentRegion ? "pass" : "fail", evidence: facts.regionId }),
    item(
      "ramRole",
      facts.ramRole !== "attached" ? { status: "fail", evidence: `role ${facts.ramRole}` } : { status: missing.length ? "fail" : "pass", evidence: missing.join(", ") || "allows" },
    ),
    item("cloudAssistant", { status: isGuestReadable ? "pass" : "fail", evidence: `instance ${facts.status ?? "Running"}, agent ${facts.cloudAssistant}` }),
    item(
      "scripts",
      facts.osType === "windows" ? { status: "notApplicable", evidence: "VSS" } : isGuestReadable ? checkScripts([PRE_SCRIPT_PATH, POST_SCRIPT_PATH], scripts, firstLines) : unreadable,
    ),
  ];
}

describe("predictConsistency follows the shared consistency table", () => {
  const cases = CONSISTENCY_CASES.filter((c) => !c.emulatorOnly);
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const items = checklistOf(c.facts);
    const predicted = predictConsistency(items);
    expect(predicted.level).toBe(c.level);
    // The emulator's downgrade reason names the check the console sees failing first.
    const failed = items.find((i) => i.status === "fail");
    expect(failed?.id).toBe(c.downgradeReason ? CONSOLE_CHECK_OF_REASON[c.downgradeReason] : undefined);
    if (failed) expect(predicted.reason).toContain(failed.evidence);
  });
});
