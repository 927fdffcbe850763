import fs from "node:fs";
import { parseScenario, type Scenario, type ScenarioInstance } from "./schema.ts";
import { defaultScenario } from "./default-scenario.ts";
import { AccountState, RegionState } from "../state/store.ts";
import type { Instance } from "../state/models.ts";
import { derivedHbrId } from "../protocol/ids.ts";
import { nextRun, parseSchedule } from "../services/hbr/schedule.ts";
import { INSTANCE_TYPES, seedNetwork, seedScenarioNetwork, seededPrivateIp } from "./network.ts";

/** Regions where the seed says application-consistent backup is available. */
export const APP_CONSISTENT_REGIONS = new Set(["ap-southeast-1", "cn-hongkong"]);

export function readScenario(file: string | undefined): Scenario {
  if (!file) return parseScenario(defaultScenario(), "(built-in default)");
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read emulator scenario ${file}: ${(error as Error).message}`);
  }
  return parseScenario(data, file);
}

/** Fills an empty account from the scenario. `createdAt` stamps instances and RAM entities. */
export function seedAccount(account: AccountState, scenario: Scenario, createdAt: number) {
  account.regions.clear();
  account.roles.clear();
  account.ramPolicies.clear();
  for (const r of scenario.regions)
    account.regions.set(
      r.regionId,
      new RegionState({ ...r, appConsistentSupported: r.appConsistentSupported ?? APP_CONSISTENT_REGIONS.has(r.regionId) }),
    );
  scenario.instances.forEach((s, i) => addInstance(account, toInstance(s, i, createdAt)));
  for (const g of scenario.generate) {
    for (let i = 0; i < g.count; i++) addInstance(account, generated(g.regionId, g.namePrefix, i, createdAt));
  }
  for (const region of account.regions.values()) seedScenarioNetwork(region, scenario.network, createdAt);
  for (const region of account.regions.values()) seedNetwork(region, createdAt);
  for (const p of scenario.ramPolicies)
    account.ramPolicies.set(p.policyName, {
      policyName: p.policyName, policyType: "Custom", description: "", document: JSON.stringify(p.document), createDate: createdAt, updateDate: createdAt,
    });
  scenario.ramRoles.forEach((r, i) =>
    account.roles.set(r.roleName, {
      roleId: String(300000000000000000n + BigInt(i + 1)),
      roleName: r.roleName,
      description: "",
      assumeRolePolicyDocument: JSON.stringify({ Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: [r.trustedService] } }], Version: "1" }),
      maxSessionDuration: 3600,
      createDate: createdAt,
      updateDate: createdAt,
      policies: r.policies.map((policyName) => ({
        policyName, policyType: account.ramPolicies.has(policyName) ? "Custom" : "System", attachDate: createdAt,
      })),
    }),
  );
  account.indexInstances();
  seedHbrProtection(account, scenario, createdAt);
}

/** Policies with bindings and backup plans made outside the console; their first run is one interval after seeding. */
function seedHbrProtection(account: AccountState, scenario: Scenario, createdAt: number) {
  const firstRun = (interval: string) => {
    const at = Math.floor(createdAt / 1000);
    const { intervalMs } = parseSchedule(`I|${at}|${interval}`);
    return `I|${at + intervalMs! / 1000}|${interval}`;
  };
  for (const p of scenario.hbrPolicies) {
    const region = account.regions.get(p.regionId)!;
    const key = `scenario/${p.regionId}/${p.policyName}`;
    const policyId = derivedHbrId("po", key);
    const rules = [{ RuleId: derivedHbrId("rule", key), RuleType: "BACKUP", BackupType: "COMPLETE", Schedule: firstRun(p.interval), Retention: p.retentionDays, KeepLatestSnapshots: 1 }];
    const policy = { policyId, policyName: p.policyName, policyDescription: p.description, policyType: "UDM_ECS_ONLY", rules, createdTime: createdAt, updatedTime: createdAt };
    region.policies.set(policyId, policy);
    for (const b of p.bindings) {
      const binding = {
        policyBindingId: derivedHbrId("pd", `${key}/${b.instanceId}`), policyId, sourceType: "UDM_ECS", dataSourceId: b.instanceId, disabled: b.disabled,
        description: "", udmDetail: {}, createdTime: createdAt, updatedTime: createdAt, nextRunAt: {} as Record<string, number>,
      };
      if (!b.disabled) for (const r of rules) binding.nextRunAt[r.RuleId] = nextRun(parseSchedule(r.Schedule), createdAt)!;
      region.bindings.set(b.instanceId, binding);
    }
  }
  for (const p of scenario.hbrBackupPlans) {
    const region = account.regions.get(p.regionId)!;
    const schedule = firstRun(p.interval);
    region.plans.set(derivedHbrId("plan", `scenario/${p.regionId}/${p.planName}`), {
      planId: derivedHbrId("plan", `scenario/${p.regionId}/${p.planName}`), planName: p.planName, sourceType: "UDM_ECS", instanceId: p.instanceId, udmRegionId: p.regionId,
      schedule, retention: p.retentionDays, backupType: "COMPLETE", keepLatestSnapshots: 1, disabled: p.disabled, detail: {}, rules: [],
      createdTime: createdAt, updatedTime: createdAt, latestExecuteJobId: "", latestFinishJobId: "", nextRunAt: p.disabled ? null : nextRun(parseSchedule(schedule), createdAt),
    });
  }
}

function addInstance(account: AccountState, instance: Instance) {
  const region = account.regions.get(instance.regionId)!;
  region.instances.set(instance.instanceId, instance);
  region.invalidateInstances();
}

function toInstance(s: ScenarioInstance, index: number, createdAt: number): Instance {
  const devices = s.osType === "windows" ? [] : ["/dev/xvda", "/dev/xvdb", "/dev/xvdc", "/dev/xvdd", "/dev/xvde"];
  return {
    instanceId: s.instanceId,
    instanceName: s.instanceName,
    hostName: s.hostName ?? s.instanceName,
    regionId: s.regionId,
    zoneId: s.zoneId,
    status: s.status,
    osType: s.osType,
    osName: s.osName,
    instanceType: s.instanceType,
    cpu: INSTANCE_TYPES[s.instanceType]?.cpu ?? 2,
    memory: (INSTANCE_TYPES[s.instanceType]?.memoryGiB ?? 8) * 1024,
    creationTime: createdAt - (index + 1) * 86_400_000,
    imageId: s.osType === "windows" ? "win2019_1809_x64_dtc_en-us_40G_alibase_20230811.vhd" : "centos_7_9_x64_20G_alibase_20230815.vhd",
    privateIp: seededPrivateIp(s.zoneId, index),
    vpcId: `vpc-${s.regionId.replace(/-/g, "")}demo`,
    vSwitchId: `vsw-${s.zoneId.replace(/-/g, "")}demo`,
    cloudAssistant: s.cloudAssistant,
    ramRoleName: s.ramRoleName,
    tags: { ...s.tags },
    disks: s.disks.map((d, i) => ({
      diskId: d.diskId, type: d.type, category: d.category, sizeGiB: d.sizeGiB, fileSystem: d.fileSystem,
      device: d.device ?? devices[i] ?? "", performanceLevel: d.category === "cloud_essd" ? "PL1" : undefined,
    })),
    files: s.files.map((f) => ({ path: f.path, mode: f.mode.padStart(4, "0"), owner: f.owner, group: f.group ?? f.owner, content: f.content })),
  };
}

const OS_MIX = ["CentOS 7.9 64 bit", "Ubuntu 20.04 64 bit", "Alibaba Cloud Linux 2.1903 LTS 64 bit", "Windows Server 2019 Datacenter 64bit", "CentOS 7.5 64 bit"];

/** The i-th synthetic instance of a region: `i-<region>gen00001`… (bulk seeds use their own `infix`). */
export function generated(regionId: string, prefix: string, i: number, createdAt: number, infix = "gen"): Instance {
  const n = String(i + 1).padStart(5, "0");
  const id = `${regionId.replace(/[^a-z0-9]/g, "").slice(0, 6)}${infix}${n}`;
  const osName = OS_MIX[i % OS_MIX.length]!;
  const windows = osName.startsWith("Windows");
  return toInstance(
    {
      instanceId: `i-${id}`,
      instanceName: `${prefix}${n}`,
      regionId,
      zoneId: `${regionId}-${"abc"[i % 3]}`,
      status: i % 17 === 0 ? "Stopped" : "Running",
      osType: windows ? "windows" : "linux",
      osName,
      instanceType: "ecs.g7.large",
      cloudAssistant: i % 7 === 0 ? "absent" : "running",
      ramRoleName: null,
      tags: { env: ["prod", "staging", "dev"][i % 3]!, batch: String(Math.floor(i / 1000)) },
      disks: [{ diskId: `d-${id}s`, type: "system", category: i % 4 === 0 ? "cloud_efficiency" : "cloud_essd", sizeGiB: 40, fileSystem: windows ? "NTFS" : "ext4" }],
      files: [],
    },
    i,
    createdAt,
  );
}
