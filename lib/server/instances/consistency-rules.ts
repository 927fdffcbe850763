import "server-only";
import type { CheckItem, Disk, Prerequisites } from "@/lib/schemas/instances";

// The seed's rules for application-consistent backup, as pure functions: what the live checklist
// (check-prerequisites.ts) decides from the facts it read. They mirror the order HBR applies them, so the
// predicted level is the level a backup reaches (emulator/COVERAGE.md, "Consistency rule table").

export const SUPPORTED_FILE_SYSTEMS = ["ext3", "ext4", "xfs", "ntfs"] as const;
/** ESSD-family categories: the ones ECS snapshot-consistent groups accept. */
export const SNAPSHOT_GROUP_CATEGORIES = ["cloud_essd", "cloud_auto", "cloud_essd_entry"] as const;
/** Application consistency needs every disk to be a plain ESSD (the seed says "enhanced SSDs"). */
export const APP_CONSISTENT_CATEGORY = "cloud_essd";

/**
 * The four permissions of AppSnapshotPolicy, each with one concrete action HBR needs it for: a document allows
 * `ecs:DescribeSnapshot*` when it allows `ecs:DescribeSnapshots`.
 */
export const REQUIRED_PERMISSIONS = [
  { permission: "ecs:DescribeSnapshot*", action: "ecs:DescribeSnapshots" },
  { permission: "ecs:CreateSnapshot*", action: "ecs:CreateSnapshot" },
  { permission: "ecs:TagResources", action: "ecs:TagResources" },
  { permission: "ecs:DescribeDisks", action: "ecs:DescribeDisks" },
] as const;
/** System policies that grant everything above without a document to read. */
export const FULL_ACCESS_SYSTEM_POLICIES = ["AdministratorAccess", "AliyunECSFullAccess"];

export interface OsSupport {
  isSupported: boolean;
  evidence: string;
}

/** Windows Server 2012/2016/2019; CentOS ≥ 7.6; Ubuntu ≥ 18.04; Alibaba Cloud Linux 2. */
export function checkOsSupport(osName: string): OsSupport {
  const windows = /Windows Server (\d{4})\b/i.exec(osName);
  if (windows) {
    const isSupported = ["2012", "2016", "2019"].includes(windows[1]!);
    return { isSupported, evidence: isSupported ? osName : `${osName}: only Windows Server 2012, 2016 and 2019 are supported` };
  }
  const versioned = [
    { re: /CentOS\s+(?:Linux\s+)?(?:release\s+)?(\d+)(?:\.(\d+))?/i, name: "CentOS", min: [7, 6] },
    { re: /Ubuntu\s+(\d+)(?:\.(\d+))?/i, name: "Ubuntu", min: [18, 4] },
  ] as const;
  for (const { re, name, min } of versioned) {
    const m = re.exec(osName);
    if (!m) continue;
    const [major, minor] = [Number(m[1]), Number(m[2] ?? 0)];
    const isSupported = major > min[0] || (major === min[0] && minor >= min[1]);
    const minText = `${min[0]}.${String(min[1]).padStart(name === "Ubuntu" ? 2 : 1, "0")}`;
    return { isSupported, evidence: isSupported ? osName : `${osName}: ${name} needs ${minText} or later` };
  }
  if (/(Alibaba Cloud|Aliyun) Linux\s+2\b/i.test(osName)) return { isSupported: true, evidence: osName };
  return {
    isSupported: false,
    evidence: `${osName || "Unknown OS"}: supported are Windows Server 2012/2016/2019, CentOS 7.6+, Ubuntu 18.04+ and Alibaba Cloud Linux 2`,
  };
}

export interface SnapshotGroupSupport {
  isSupported: boolean;
  reason: string;
}

/** All disks ESSD-family and in one zone: HBR makes a snapshot-consistent group; otherwise crash consistency per disk. */
export function checkSnapshotGroupSupport(disks: Pick<Disk, "diskId" | "category" | "zoneId">[]): SnapshotGroupSupport {
  if (disks.length === 0) return { isSupported: false, reason: "No disks found: only crash consistency of each disk" };
  const other = disks.find((d) => !(SNAPSHOT_GROUP_CATEGORIES as readonly string[]).includes(d.category));
  if (other) return { isSupported: false, reason: `${other.diskId} is ${other.category}: only crash consistency of each disk` };
  const zones = [...new Set(disks.map((d) => d.zoneId))];
  if (zones.length > 1) return { isSupported: false, reason: `Disks span ${zones.join(", ")}: only crash consistency of each disk` };
  const count = disks.length === 1 ? "The disk is" : `All ${disks.length} disks are`;
  return { isSupported: true, reason: `${count} ESSD in ${zones[0]}: HBR creates a snapshot-consistent group` };
}

interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
}

export interface AttachedPolicy {
  policyName: string;
  policyType: string;
  /** The default version's document; null when it could not be read. */
  document: string | null;
}

const wildcardMatch = (pattern: string, action: string) =>
  new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i").test(action);

function statementsOf(policy: AttachedPolicy): PolicyStatement[] {
  if (policy.policyType === "System" && FULL_ACCESS_SYSTEM_POLICIES.includes(policy.policyName)) return [{ Effect: "Allow", Action: "*" }];
  if (!policy.document) return [];
  try {
    const parsed = JSON.parse(policy.document) as { Statement?: PolicyStatement | PolicyStatement[] };
    const statements = parsed.Statement ?? [];
    return Array.isArray(statements) ? statements : [statements];
  } catch {
    return [];
  }
}

/**
 * Which of AppSnapshotPolicy's permissions the attached policies do not grant. RAM semantics: wildcards in
 * `Action`, an explicit Deny anywhere wins over any Allow; Resource and Condition are not evaluated here.
 */
export function findMissingPermissions(policies: AttachedPolicy[]): string[] {
  const statements = policies.flatMap(statementsOf);
  return REQUIRED_PERMISSIONS.filter(({ action }) => {
    const matching = statements.filter((s) => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : []).some((a) => wildcardMatch(a, action)));
    const isDenied = matching.some((s) => s.Effect === "Deny");
    return isDenied || !matching.some((s) => s.Effect === "Allow");
  }).map((p) => p.permission);
}

export interface GuestFacts {
  /** Mounted file systems (Linux: `df -T` rows of block devices; Windows: volumes with a drive letter). */
  fileSystems: { device: string; type: string }[];
  /** `stat -c '%a %U %n'` of each script that exists (missing scripts are absent). */
  scripts: Record<string, { mode: string; owner: string }>;
  /** The first line of each script (`head -n 1 a b` prints `==> a <==` before each file's line). */
  firstLines: Record<string, string>;
  /** The Cloud Assistant process was seen (`aliyun.service` / `AliyunService`). */
  isAgentProcessSeen: boolean;
}

const PSEUDO_DEVICES = /^\/dev\/(loop|ram|zram)/;

/** Reads the output of the guest command of check-prerequisites.ts, tolerating the noise real shells print. */
export function parseGuestOutput(osType: "linux" | "windows", output: string): GuestFacts {
  const facts: GuestFacts = { fileSystems: [], scripts: {}, firstLines: {}, isAgentProcessSeen: false };
  let headOf: string | null = null;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const header = /^==> (\/\S+) <==$/.exec(line);
    if (header) {
      headOf = header[1]!;
      continue;
    }
    if (headOf) {
      facts.firstLines[headOf] = line;
      headOf = null;
      continue;
    }
    if (osType === "windows") {
      const service = /^(\w+)\s+AliyunService\b/i.exec(line);
      if (service) {
        facts.isAgentProcessSeen ||= service[1]!.toLowerCase() === "running";
        continue;
      }
      const volume = /^([A-Z]):?\s+(\S+)/.exec(line);
      if (volume) facts.fileSystems.push({ device: `${volume[1]}:`, type: volume[2]! });
      continue;
    }
    if (/aliyun[-.]service/i.test(line) && !/cannot stat/.test(line)) {
      facts.isAgentProcessSeen = true;
      continue;
    }
    const stat = /^(\d{3,4})\s+(\S+)\s+(\/\S+)$/.exec(line);
    if (stat) {
      facts.scripts[stat[3]!] = { mode: stat[1]!, owner: stat[2]! };
      continue;
    }
    const df = /^(\/dev\/\S+)\s+(\S+)\s+/.exec(line);
    if (df && !PSEUDO_DEVICES.test(df[1]!)) facts.fileSystems.push({ device: df[1]!, type: df[2]! });
  }
  return facts;
}

/** The evidence and status of the file-system item from the guest's mounted file systems. */
export function checkFileSystems(fileSystems: GuestFacts["fileSystems"]): Pick<CheckItem, "status" | "evidence"> {
  if (fileSystems.length === 0) return { status: "unknown", evidence: "The guest reported no file systems" };
  const bad = fileSystems.filter((f) => !(SUPPORTED_FILE_SYSTEMS as readonly string[]).includes(f.type.toLowerCase()));
  if (bad.length > 0) {
    return { status: "fail", evidence: `${bad.map((f) => `${f.device} is ${f.type}`).join(", ")}: only ext3, ext4, XFS and NTFS are supported` };
  }
  return { status: "pass", evidence: fileSystems.map((f) => `${f.device} ${f.type}`).join(", ") };
}

/** Pre-freeze and post-thaw scripts present, owned by root, mode 700, starting with a shebang (when read). */
export function checkScripts(paths: readonly string[], scripts: GuestFacts["scripts"], firstLines: GuestFacts["firstLines"] = {}): Pick<CheckItem, "status" | "evidence"> {
  const problems: string[] = [];
  const seen: string[] = [];
  for (const path of paths) {
    const file = scripts[path];
    if (!file) {
      problems.push(`${path} is missing`);
      continue;
    }
    seen.push(`${path} ${file.mode} ${file.owner}`);
    if (parseInt(file.mode, 8) !== 0o700 || file.owner !== "root") problems.push(`${path} is ${file.mode} ${file.owner} (needs 700 root)`);
    const first = firstLines[path];
    if (first !== undefined && !first.startsWith("#!")) problems.push(`${path} does not start with a shebang line such as #!/bin/bash`);
  }
  return problems.length > 0 ? { status: "fail", evidence: problems.join("; ") } : { status: "pass", evidence: seen.join(", ") };
}

/** Checked in HBR's order: the first failing hard prerequisite is the reason a backup falls to crash consistency. */
const HARD_PREREQUISITES: CheckItem["id"][] = ["os", "disks", "fileSystems", "region", "ramRole", "cloudAssistant"];

/**
 * The consistency a backup with Application Consistent Backup on reaches: any hard prerequisite failing →
 * CRASH; one not verifiable → CRASH as well (we do not promise what we could not see); Linux scripts
 * missing or wrong → FILE_SYSTEM; everything holds → APPLICATION.
 */
export function predictConsistency(items: CheckItem[]): Prerequisites["predicted"] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const hard = HARD_PREREQUISITES.map((id) => byId.get(id)).filter((i): i is CheckItem => !!i);
  const failed = hard.find((i) => i.status === "fail");
  if (failed) return { level: "CRASH", reason: `${failed.label}: ${failed.evidence}` };
  const unknown = hard.find((i) => i.status === "unknown");
  if (unknown) return { level: "CRASH", reason: `${unknown.label} could not be verified (${unknown.evidence}); expect crash consistency` };
  const scripts = byId.get("scripts");
  if (scripts && (scripts.status === "fail" || scripts.status === "unknown")) {
    return { level: "FILE_SYSTEM", reason: `Missing or wrong scripts give a file-system-consistent backup: ${scripts.evidence}` };
  }
  return { level: "APPLICATION", reason: "Every prerequisite holds: HBR creates an application-consistent backup" };
}
