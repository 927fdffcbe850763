/**
 * One table of the seed's consistency rules (emulator/COVERAGE.md, "Consistency rule table"), as plain facts and
 * the level they lead to. Two sides run every case through their own implementation:
 * - the emulator's decision (`decideConsistency`, emulator/services/hbr/consistency.test.ts; the cases that name a
 *   `scenarioInstance` also end to end over HTTP in hbr.test.ts),
 * - the console's prediction from the prerequisite checklist (lib/server/instances/consistency-rules.test.ts).
 * Plain data only: the emulator imports nothing from lib/, and lib imports this file only in tests.
 */

export type ConsistencyLevel = "APPLICATION" | "FILE_SYSTEM" | "CRASH";

export interface ScriptFacts {
  owner: string;
  /** octal, as `stat -c %a` prints it */
  mode: string;
  /** the first line starts with `#!` */
  shebang: boolean;
}

export interface ConsistencyFacts {
  osName: string;
  osType: "linux" | "windows";
  /** "Running" unless said otherwise */
  status?: string;
  /** one entry per disk */
  diskCategories: string[];
  /** one entry per disk (the console reads them as mounted file systems) */
  fileSystems: string[];
  regionId: string;
  /** Singapore / Hong Kong */
  appConsistentRegion: boolean;
  /** attached: the instance has a RAM role that exists; none: no role; missing: a role name RAM does not know */
  ramRole: "attached" | "none" | "missing";
  /** the role's policies allow AppSnapshotPolicy's four actions (false when there is no role) */
  policyAllows: boolean;
  cloudAssistant: "running" | "stopped" | "absent";
  /** /tmp/prescript.sh and /tmp/postscript.sh; absent = missing */
  scripts: { pre?: ScriptFacts; post?: ScriptFacts };
  /** Application Consistent Backup on */
  appConsistent: boolean;
  /** true unless said otherwise */
  enableWriters?: boolean;
}

export interface ConsistencyCase {
  name: string;
  facts: ConsistencyFacts;
  level: ConsistencyLevel;
  /** the emulator's `DowngradeReason` ("" when none); the console names the failing check instead (CONSOLE_CHECK_OF_REASON) */
  downgradeReason: string;
  /** only the emulator can express this case: why */
  emulatorOnly?: string;
  /** only the console can express this case: why */
  consoleOnly?: string;
  /** the default scenario's instance with these facts, for the end-to-end run over HTTP */
  scenarioInstance?: { regionId: string; instanceId: string };
}

/** The console checklist item that fails for each emulator downgrade reason. */
export const CONSOLE_CHECK_OF_REASON: Record<string, "os" | "disks" | "fileSystems" | "region" | "ramRole" | "cloudAssistant" | "scripts"> = {
  "HBR.OsNotSupported": "os",
  "HBR.DiskCategoryNotSupported": "disks",
  "HBR.FileSystemNotSupported": "fileSystems",
  "HBR.RegionNotSupported": "region",
  "HBR.NoRamRoleBound": "ramRole",
  "HBR.RamRolePermissionDenied": "ramRole",
  "HBR.InstanceNotRunning": "cloudAssistant",
  "HBR.CloudAssistantNotRunning": "cloudAssistant",
  "HBR.PreScriptNotFound": "scripts",
  "HBR.PostScriptNotFound": "scripts",
  "HBR.ScriptPermissionInvalid": "scripts",
  "HBR.ScriptNotExecutable": "scripts",
};

/** The role's one attached Custom policy for `policyAllows` true (the seed's AppSnapshotPolicy) and false. */
export const CASE_POLICIES = {
  allows: {
    policyName: "AppSnapshotPolicy",
    document: {
      Version: "1",
      Statement: [{ Effect: "Allow", Action: ["ecs:DescribeSnapshot*", "ecs:CreateSnapshot*", "ecs:TagResources", "ecs:DescribeDisks"], Resource: ["*"] }],
    },
  },
  denies: { policyName: "EcsDescribeOnly", document: { Version: "1", Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }] } },
};

const okScript: ScriptFacts = { owner: "root", mode: "700", shebang: true };

/** A Linux instance in Singapore where every prerequisite holds. */
const ready: ConsistencyFacts = {
  osName: "CentOS 7.9 64 bit",
  osType: "linux",
  diskCategories: ["cloud_essd", "cloud_essd"],
  fileSystems: ["ext4", "xfs"],
  regionId: "ap-southeast-1",
  appConsistentRegion: true,
  ramRole: "attached",
  policyAllows: true,
  cloudAssistant: "running",
  scripts: { pre: okScript, post: okScript },
  appConsistent: true,
};
const windows: ConsistencyFacts = { ...ready, osName: "Windows Server 2019 Datacenter 64bit", osType: "windows", diskCategories: ["cloud_essd"], fileSystems: ["NTFS"], scripts: {} };
const hk = { regionId: "cn-hongkong", appConsistentRegion: true };
const sg = (n: number) => ({ regionId: "ap-southeast-1", instanceId: `i-t4ndemo${String(n).padStart(9, "0")}` });
const hkInstance = (n: number) => ({ regionId: "cn-hongkong", instanceId: `i-j6cdemo${String(n).padStart(9, "0")}` });

export const CONSISTENCY_CASES: ConsistencyCase[] = [
  {
    name: "Application Consistent Backup off",
    facts: { ...ready, appConsistent: false },
    level: "CRASH",
    downgradeReason: "",
    emulatorOnly: "the console predicts only what a backup with Application Consistent Backup on reaches",
    scenarioInstance: sg(1),
  },
  { name: "Linux, every prerequisite", facts: ready, level: "APPLICATION", downgradeReason: "", scenarioInstance: sg(1) },
  { name: "Windows Server 2019 (no scripts needed)", facts: windows, level: "APPLICATION", downgradeReason: "", scenarioInstance: sg(2) },
  { name: "Windows Server 2012", facts: { ...windows, osName: "Windows Server 2012 R2 Datacenter 64bit" }, level: "APPLICATION", downgradeReason: "", scenarioInstance: sg(4) },
  { name: "Ubuntu 18.04", facts: { ...ready, ...hk, osName: "Ubuntu 18.04 64 bit" }, level: "APPLICATION", downgradeReason: "", scenarioInstance: hkInstance(1) },
  { name: "Alibaba Cloud Linux 2", facts: { ...ready, ...hk, osName: "Alibaba Cloud Linux 2.1903 LTS 64 bit" }, level: "APPLICATION", downgradeReason: "", scenarioInstance: hkInstance(3) },
  { name: "CentOS 8 without a minor version", facts: { ...ready, osName: "CentOS 8 64 bit" }, level: "APPLICATION", downgradeReason: "" },
  { name: "CentOS Linux release 7.9", facts: { ...ready, osName: "CentOS Linux release 7.9.2009" }, level: "APPLICATION", downgradeReason: "" },
  { name: "scripts missing", facts: { ...ready, osName: "Ubuntu 20.04 64 bit", scripts: {} }, level: "FILE_SYSTEM", downgradeReason: "HBR.PreScriptNotFound", scenarioInstance: sg(5) },
  { name: "post-thaw script missing", facts: { ...ready, ...hk, scripts: { pre: okScript } }, level: "FILE_SYSTEM", downgradeReason: "HBR.PostScriptNotFound", scenarioInstance: hkInstance(10) },
  { name: "scripts mode 0755", facts: { ...ready, osName: "Alibaba Cloud Linux 2.1903 LTS 64 bit", scripts: { pre: { ...okScript, mode: "755" }, post: { ...okScript, mode: "755" } } }, level: "FILE_SYSTEM", downgradeReason: "HBR.ScriptPermissionInvalid", scenarioInstance: sg(6) },
  { name: "scripts not owned by root", facts: { ...ready, osName: "CentOS 7.6 64 bit", scripts: { pre: { ...okScript, owner: "admin" }, post: { ...okScript, owner: "admin" } } }, level: "FILE_SYSTEM", downgradeReason: "HBR.ScriptPermissionInvalid", scenarioInstance: sg(7) },
  { name: "post-thaw script without a shebang", facts: { ...ready, scripts: { pre: okScript, post: { ...okScript, shebang: false } } }, level: "FILE_SYSTEM", downgradeReason: "HBR.ScriptNotExecutable" },
  { name: "Windows ignores the Linux scripts", facts: { ...windows, scripts: { pre: { ...okScript, mode: "755" } } }, level: "APPLICATION", downgradeReason: "" },
  { name: "CentOS 7.5", facts: { ...ready, osName: "CentOS 7.5 64 bit" }, level: "CRASH", downgradeReason: "HBR.OsNotSupported", scenarioInstance: sg(8) },
  { name: "Ubuntu 16.04", facts: { ...ready, ...hk, osName: "Ubuntu 16.04 64 bit" }, level: "CRASH", downgradeReason: "HBR.OsNotSupported", scenarioInstance: hkInstance(4) },
  { name: "Windows Server 2022", facts: { ...windows, osName: "Windows Server 2022 Datacenter 64bit" }, level: "CRASH", downgradeReason: "HBR.OsNotSupported" },
  { name: "Alibaba Cloud Linux 3", facts: { ...ready, osName: "Alibaba Cloud Linux 3.2104 LTS 64 bit" }, level: "CRASH", downgradeReason: "HBR.OsNotSupported" },
  { name: "non-ESSD disks", facts: { ...ready, diskCategories: ["cloud_efficiency", "cloud_efficiency"] }, level: "CRASH", downgradeReason: "HBR.DiskCategoryNotSupported", scenarioInstance: sg(9) },
  { name: "ESSD AutoPL disk", facts: { ...ready, diskCategories: ["cloud_auto", "cloud_essd"] }, level: "CRASH", downgradeReason: "HBR.DiskCategoryNotSupported" },
  { name: "btrfs", facts: { ...ready, osName: "Ubuntu 22.04 64 bit", fileSystems: ["btrfs", "xfs"] }, level: "CRASH", downgradeReason: "HBR.FileSystemNotSupported", scenarioInstance: sg(10) },
  { name: "region without app consistency", facts: { ...ready, regionId: "cn-hangzhou", appConsistentRegion: false }, level: "CRASH", downgradeReason: "HBR.RegionNotSupported", scenarioInstance: { regionId: "cn-hangzhou", instanceId: "i-bp1demo000000001" } },
  { name: "no RAM role", facts: { ...ready, osName: "Ubuntu 22.04 64 bit", ramRole: "none", policyAllows: false }, level: "CRASH", downgradeReason: "HBR.NoRamRoleBound", scenarioInstance: sg(11) },
  { name: "RAM role that does not exist", facts: { ...ready, ramRole: "missing", policyAllows: false }, level: "CRASH", downgradeReason: "HBR.NoRamRoleBound" },
  { name: "role without AppSnapshotPolicy", facts: { ...ready, ...hk, policyAllows: false }, level: "CRASH", downgradeReason: "HBR.RamRolePermissionDenied", scenarioInstance: hkInstance(5) },
  { name: "stopped instance", facts: { ...ready, status: "Stopped" }, level: "CRASH", downgradeReason: "HBR.InstanceNotRunning", scenarioInstance: sg(12) },
  { name: "Cloud Assistant stopped", facts: { ...ready, ...hk, osName: "CentOS 7.8 64 bit", cloudAssistant: "stopped" }, level: "CRASH", downgradeReason: "HBR.CloudAssistantNotRunning", scenarioInstance: hkInstance(6) },
  { name: "Cloud Assistant absent", facts: { ...ready, ...hk, cloudAssistant: "absent" }, level: "CRASH", downgradeReason: "HBR.CloudAssistantNotRunning", scenarioInstance: hkInstance(7) },
  { name: "the first failing check decides: region before RAM role and scripts", facts: { ...ready, appConsistentRegion: false, ramRole: "none", policyAllows: false, scripts: {} }, level: "CRASH", downgradeReason: "HBR.RegionNotSupported" },
  { name: "a failing hard prerequisite beats wrong scripts", facts: { ...ready, cloudAssistant: "stopped", scripts: { pre: { ...okScript, owner: "admin" } } }, level: "CRASH", downgradeReason: "HBR.CloudAssistantNotRunning" },
  {
    name: "file-system consistency asked for (enableWriters off)",
    facts: { ...ready, enableWriters: false },
    level: "FILE_SYSTEM",
    downgradeReason: "",
    emulatorOnly: "the console's plans and policies never send EnableWriters=false, so its checklist has no such fact",
  },
];
