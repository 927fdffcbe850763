import type { AccountState } from "../../state/store.ts";
import type { BackupOptions, Consistency, Instance, Region } from "../../state/models.ts";
import { roleAllows } from "../ram/policy-evaluation.ts";

/** The four ECS permissions of AppSnapshotPolicy (`ecs:DescribeSnapshot*`, `ecs:CreateSnapshot*`, …), as concrete actions. */
export const APP_SNAPSHOT_ACTIONS = ["ecs:DescribeSnapshots", "ecs:CreateSnapshot", "ecs:TagResources", "ecs:DescribeDisks"];
const FILE_SYSTEMS = new Set(["ext3", "ext4", "xfs", "ntfs"]);
export const DEFAULT_PRESCRIPT = "/tmp/prescript.sh";
export const DEFAULT_POSTSCRIPT = "/tmp/postscript.sh";

/** Windows Server 2012/2016/2019; CentOS ≥ 7.6; Ubuntu ≥ 18.04; Alibaba Cloud Linux 2. */
export function isOsSupported(osName: string): boolean {
  if (/Windows Server (2012|2016|2019)\b/i.test(osName)) return true;
  // "CentOS 8 64 bit" (no minor) and "CentOS Linux release 7.9.2009" are names ECS reports too.
  const centos = /CentOS\s+(?:Linux\s+)?(?:release\s+)?(\d+)(?:\.(\d+))?/i.exec(osName);
  if (centos) return Number(centos[1]) > 7 || (Number(centos[1]) === 7 && Number(centos[2] ?? 0) >= 6);
  const ubuntu = /Ubuntu\s+(\d+)(?:\.(\d+))?/i.exec(osName);
  if (ubuntu) return Number(ubuntu[1]) > 18 || (Number(ubuntu[1]) === 18 && Number(ubuntu[2] ?? 0) >= 4);
  return /(Alibaba Cloud|Aliyun) Linux\s+2\b/i.test(osName);
}

function scriptProblem(instance: Instance, path: string): string | null {
  const file = instance.files.find((f) => f.path === path);
  if (!file) return path === DEFAULT_POSTSCRIPT || /post/i.test(path) ? "HBR.PostScriptNotFound" : "HBR.PreScriptNotFound";
  if (file.owner !== "root" || parseInt(file.mode, 8) !== 0o700) return "HBR.ScriptPermissionInvalid";
  // HBR executes the script directly: without an interpreter line the kernel refuses it (ENOEXEC).
  if (!file.content.startsWith("#!")) return "HBR.ScriptNotExecutable";
  return null;
}

/**
 * The seed's rule: APPLICATION only when requested and every prerequisite holds; requested but the Linux
 * pre/post scripts missing or wrong → FILE_SYSTEM; anything else → CRASH. The first failed check is the reason.
 */
export function decideConsistency(account: AccountState, region: Region, instance: Instance, options: BackupOptions): Consistency {
  if (!options.appConsistent) return { level: "CRASH", downgradeReason: "" };
  const crash = (downgradeReason: string): Consistency => ({ level: "CRASH", downgradeReason });
  if (!isOsSupported(instance.osName)) return crash("HBR.OsNotSupported");
  if (instance.disks.some((d) => d.category !== "cloud_essd")) return crash("HBR.DiskCategoryNotSupported");
  if (instance.disks.some((d) => !FILE_SYSTEMS.has(d.fileSystem.toLowerCase()))) return crash("HBR.FileSystemNotSupported");
  if (!region.appConsistentSupported) return crash("HBR.RegionNotSupported");
  if (!instance.ramRoleName || !account.roles.has(instance.ramRoleName)) return crash("HBR.NoRamRoleBound");
  if (!APP_SNAPSHOT_ACTIONS.every((a) => roleAllows({ account }, instance.ramRoleName!, a))) return crash("HBR.RamRolePermissionDenied");
  if (instance.status !== "Running") return crash("HBR.InstanceNotRunning");
  if (instance.cloudAssistant !== "running") return crash("HBR.CloudAssistantNotRunning");
  if (instance.osType === "linux") {
    const problem = scriptProblem(instance, options.preScriptPath || DEFAULT_PRESCRIPT) ?? scriptProblem(instance, options.postScriptPath || DEFAULT_POSTSCRIPT);
    if (problem) return { level: "FILE_SYSTEM", downgradeReason: problem };
  }
  // EnableWriters=false asks for file-system consistency on purpose (VSS writers / app scripts skipped).
  if (!options.enableWriters) return { level: "FILE_SYSTEM", downgradeReason: "" };
  return { level: "APPLICATION", downgradeReason: "" };
}
