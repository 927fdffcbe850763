import "server-only";
import type { CheckItem, Instance, Prerequisites } from "@/lib/schemas/instances";
import type { Region } from "@/lib/schemas/regions";
import { APP_SNAPSHOT_POLICY, APP_SNAPSHOT_ROLE, POST_SCRIPT_PATH, PRE_SCRIPT_PATH } from "@/lib/schemas/plan";
import { $Ram, type CloudClients } from "@/lib/server/cloud/clients";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import {
  APP_CONSISTENT_CATEGORY,
  checkFileSystems,
  checkOsSupport,
  checkScripts,
  findMissingPermissions,
  FULL_ACCESS_SYSTEM_POLICIES,
  parseGuestOutput,
  predictConsistency,
  REQUIRED_PERMISSIONS,
  type AttachedPolicy,
  type GuestFacts,
} from "@/lib/server/instances/consistency-rules";
import { describeInstancesByIds } from "@/lib/server/instances/get-instances-by-ids";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";
import { readAgentStatus, runGuestCommand, type AgentStatus, type GuestCommandOptions } from "@/lib/server/instances/run-guest-command";
import { ApiError } from "@/lib/server/http/api-error";

export const checkLabels: Record<CheckItem["id"], string> = {
  os: "Supported operating system",
  disks: "All disks are ESSDs",
  fileSystems: "File systems are ext3, ext4, XFS or NTFS",
  region: "Region is Singapore or China (Hong Kong)",
  ramRole: `RAM role ${APP_SNAPSHOT_ROLE} with ${APP_SNAPSHOT_POLICY}`,
  cloudAssistant: "Cloud Assistant is running",
  scripts: "Pre-freeze and post-thaw scripts (owner root, mode 700, shebang)",
};

const item = (id: CheckItem["id"], status: CheckItem["status"], evidence: string): CheckItem => ({ id, label: checkLabels[id], status, evidence });

/** What the guest is asked, read-only: mounted file systems, the agent process, the scripts' mode and owner. */
const GUEST_SCRIPTS = {
  linux: [
    "df -T",
    "pgrep -fa aliyun.service",
    `stat -c '%a %U %n' ${PRE_SCRIPT_PATH}`,
    `stat -c '%a %U %n' ${POST_SCRIPT_PATH}`,
    `head -n 1 ${PRE_SCRIPT_PATH} ${POST_SCRIPT_PATH}`,
  ].join("\n"),
  windows: ['Get-Volume | Where-Object DriveLetter | ForEach-Object { "$($_.DriveLetter) $($_.FileSystem)" }', "Get-Service AliyunService"].join("\n"),
};

function checkDisks(instance: Instance): CheckItem {
  const other = instance.disks.find((d) => d.category !== APP_CONSISTENT_CATEGORY);
  if (instance.disks.length === 0) return item("disks", "unknown", "ECS reported no disks for this instance");
  if (other) return item("disks", "fail", `${other.diskId} is ${other.category}: every disk must be ${APP_CONSISTENT_CATEGORY}`);
  return item("disks", "pass", instance.disks.length === 1 ? `${instance.disks[0]!.diskId} is ${APP_CONSISTENT_CATEGORY}` : `All ${instance.disks.length} disks are ${APP_CONSISTENT_CATEGORY}`);
}

function checkRegion(region: Region): CheckItem {
  const name = `${region.localName} (${region.regionId})`;
  return region.appConsistentSupported
    ? item("region", "pass", name)
    : item("region", "fail", `${name}: application-consistent backup is offered only in Singapore and China (Hong Kong)`);
}

export async function readAttachedPolicies(cloud: CloudClients, roleName: string): Promise<AttachedPolicy[] | null> {
  const ram = cloud.ram();
  let attached: $Ram.ListPoliciesForRoleResponseBodyPoliciesPolicy[];
  try {
    attached = (await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName }))).body?.policies?.policy ?? [];
  } catch (err) {
    if (isCloudError(err) && err.code === "EntityNotExist.Role") return null;
    throw err;
  }
  return Promise.all(
    attached.map(async (p) => {
      const policy = { policyName: p.policyName ?? "", policyType: p.policyType ?? "Custom" };
      if (policy.policyType === "System" && FULL_ACCESS_SYSTEM_POLICIES.includes(policy.policyName)) return { ...policy, document: null };
      const res = await ram.getPolicy(new $Ram.GetPolicyRequest(policy));
      return { ...policy, document: res.body?.defaultPolicyVersion?.policyDocument ?? res.body?.policy?.policyDocument ?? null };
    }),
  );
}

async function checkRamRole(cloud: CloudClients, roleName: string | null): Promise<CheckItem> {
  if (!roleName) return item("ramRole", "fail", `No RAM role is attached to the instance; attach ${APP_SNAPSHOT_ROLE}`);
  const policies = await readAttachedPolicies(cloud, roleName);
  if (!policies) return item("ramRole", "fail", `The instance's role ${roleName} does not exist in RAM`);
  const names = policies.length ? policies.map((p) => p.policyName).join(", ") : "no policies attached";
  const missing = findMissingPermissions(policies);
  if (missing.length > 0) return item("ramRole", "fail", `${roleName} (${names}) does not allow ${missing.join(", ")}`);
  return item("ramRole", "pass", `${roleName} (${names}) allows ${REQUIRED_PERMISSIONS.map((p) => p.permission).join(", ")}`);
}

interface GuestReading {
  agent: AgentStatus;
  facts: GuestFacts | null;
  /** Why the guest could not be read, when it could not. */
  reason: string;
}

async function readGuest(cloud: CloudClients, instance: Instance, options: GuestCommandOptions): Promise<GuestReading> {
  const { regionId, instanceId } = instance;
  const agent = await readAgentStatus(cloud, regionId, instanceId);
  if (instance.status !== "Running") return { agent, facts: null, reason: `the instance is ${instance.status}` };
  if (!agent.isRunning) return { agent, facts: null, reason: "Cloud Assistant is not running" };
  const run = await runGuestCommand(cloud, regionId, instanceId, instance.osType, GUEST_SCRIPTS[instance.osType], options);
  if (!run.isDone) return { agent, facts: null, reason: run.reason };
  return { agent, facts: parseGuestOutput(instance.osType, run.output), reason: "" };
}

function checkCloudAssistant(instance: Instance, guest: GuestReading): CheckItem {
  const process = instance.osType === "windows" ? "AliyunService" : "aliyun.service";
  if (instance.status !== "Running") return item("cloudAssistant", "fail", `The instance is ${instance.status}: Cloud Assistant runs only on a running instance`);
  if (!guest.agent.isRunning) {
    return item("cloudAssistant", "fail", guest.agent.version ? `Cloud Assistant ${guest.agent.version} is installed but not running` : "Cloud Assistant is not installed");
  }
  const version = guest.agent.version ? ` ${guest.agent.version}` : "";
  if (!guest.facts) return item("cloudAssistant", "pass", `Cloud Assistant${version} is online, but the check command did not finish: ${guest.reason}`);
  return item("cloudAssistant", "pass", `Cloud Assistant${version} is running${guest.facts.isAgentProcessSeen ? ` (process ${process})` : ""}`);
}

const cannotRead = (reason: string) => `Cannot read from the guest: ${reason}`;

/**
 * The live, read-only checklist of the seed's prerequisites for application-consistent backup of one instance,
 * and the consistency level a backup with Application Consistent Backup on will reach.
 */
export async function checkPrerequisites(
  cloud: CloudClients,
  regionId: string,
  instanceId: string,
  options: GuestCommandOptions = {},
): Promise<Prerequisites> {
  const region = await getRegionOrThrow(cloud, regionId);
  const [instance] = await describeInstancesByIds(cloud, region, [instanceId]);
  if (!instance) throw new ApiError("NOT_FOUND", "Unknown instance", { fieldErrors: { instanceId: [`${instanceId} is not an ECS instance in ${regionId}`] } });

  const [ramRole, guest] = await Promise.all([checkRamRole(cloud, instance.ramRoleName), readGuest(cloud, instance, options)]);
  const os = checkOsSupport(instance.osName);
  const fileSystems = guest.facts ? checkFileSystems(guest.facts.fileSystems) : { status: "unknown" as const, evidence: cannotRead(guest.reason) };
  const scripts =
    instance.osType === "windows"
      ? { status: "notApplicable" as const, evidence: "Not applicable (Windows uses VSS)" }
      : guest.facts
        ? checkScripts([PRE_SCRIPT_PATH, POST_SCRIPT_PATH], guest.facts.scripts, guest.facts.firstLines)
        : { status: "unknown" as const, evidence: cannotRead(guest.reason) };

  const items = [
    item("os", os.isSupported ? "pass" : "fail", os.evidence),
    checkDisks(instance),
    item("fileSystems", fileSystems.status, fileSystems.evidence),
    checkRegion(region),
    ramRole,
    checkCloudAssistant(instance, guest),
    item("scripts", scripts.status, scripts.evidence),
  ];
  return { instanceId, osType: instance.osType, items, predicted: predictConsistency(items), checkedAt: new Date().toISOString() };
}
