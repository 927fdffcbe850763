import { describe, expect, it } from "vitest";
import { seedAccount } from "../../scenario/load-scenario.ts";
import { AccountState } from "../../state/store.ts";
import type { BackupOptions, Instance, Region } from "../../state/models.ts";
import { testScenario } from "../../testing/clients.ts";
import { CASE_POLICIES, CONSISTENCY_CASES, type ConsistencyFacts } from "../../testing/consistency-cases.ts";
import { APP_SNAPSHOT_ACTIONS, decideConsistency, DEFAULT_POSTSCRIPT, DEFAULT_PRESCRIPT } from "./consistency.ts";
import { roleAllows } from "../ram/policy-evaluation.ts";

const ROLE = "AppSnapshotRoleName";

/** The emulator's state for one case: the account's RAM, the region, the instance with its disks and files, the job's options. */
function stateOf(facts: ConsistencyFacts) {
  const account = new AccountState("test");
  const policy = facts.policyAllows ? CASE_POLICIES.allows : CASE_POLICIES.denies;
  const { policyName } = policy;
  const document = JSON.stringify(policy.document);
  account.ramPolicies.set(policyName, { policyName, policyType: "Custom", description: "", document, createDate: 0, updateDate: 0 });
  if (facts.ramRole === "attached") {
    account.roles.set(ROLE, { roleId: "1", roleName: ROLE, description: "", assumeRolePolicyDocument: "{}", maxSessionDuration: 3600, createDate: 0, updateDate: 0, policies: [{ policyName, policyType: "Custom", attachDate: 0 }] });
  }
  const region: Region = { regionId: facts.regionId, localName: facts.regionId, policySupported: true, appConsistentSupported: facts.appConsistentRegion };
  const files = (["pre", "post"] as const).flatMap((which) => {
    const script = facts.scripts[which];
    if (!script) return [];
    const content = `${script.shebang ? "#!/bin/bash\n" : ""}sync\n`;
    return [{ path: which === "pre" ? DEFAULT_PRESCRIPT : DEFAULT_POSTSCRIPT, mode: script.mode, owner: script.owner, group: "root", content }];
  });
  const instance: Instance = {
    instanceId: "i-case",
    instanceName: "case",
    hostName: "case",
    regionId: facts.regionId,
    zoneId: `${facts.regionId}-a`,
    status: facts.status ?? "Running",
    osType: facts.osType,
    osName: facts.osName,
    instanceType: "ecs.g7.large",
    cpu: 2,
    memory: 8192,
    creationTime: 0,
    imageId: "img",
    privateIp: "10.0.0.1",
    vpcId: "vpc",
    vSwitchId: "vsw",
    cloudAssistant: facts.cloudAssistant,
    ramRoleName: facts.ramRole === "none" ? null : ROLE,
    tags: {},
    disks: facts.diskCategories.map((category, i) => ({
      diskId: `d-${i}`,
      type: i === 0 ? "system" : "data",
      category,
      sizeGiB: 40,
      fileSystem: facts.fileSystems[i] ?? facts.fileSystems[0]!,
      device: `/dev/xvd${"abcdefgh"[i]}`,
    })),
    files,
  };
  const options: BackupOptions = {
    appConsistent: facts.appConsistent,
    snapshotGroup: true,
    enableWriters: facts.enableWriters ?? true,
    enableFsFreeze: true,
    preScriptPath: DEFAULT_PRESCRIPT,
    postScriptPath: DEFAULT_POSTSCRIPT,
    timeoutInSeconds: 30,
    diskIdList: [],
    doCopy: false,
    destinationRegionId: "",
    destinationRetention: -1,
  };
  return { account, region, instance, options };
}

describe("decideConsistency follows the shared consistency table", () => {
  const cases = CONSISTENCY_CASES.filter((c) => !c.consoleOnly);
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { account, region, instance, options } = stateOf(c.facts);
    expect(decideConsistency(account, region, instance, options)).toEqual({ level: c.level, downgradeReason: c.downgradeReason });
  });
});

/** The facts of an instance of the emulator's state, in the table's terms (the inverse of stateOf). */
function factsOf(account: AccountState, region: Region, instance: Instance): Omit<ConsistencyFacts, "appConsistent" | "enableWriters"> {
  const script = (path: string) => {
    const file = instance.files.find((f) => f.path === path);
    return file && { owner: file.owner, mode: parseInt(file.mode, 8).toString(8), shebang: file.content.startsWith("#!") };
  };
  const [pre, post] = [script(DEFAULT_PRESCRIPT), script(DEFAULT_POSTSCRIPT)];
  const role = instance.ramRoleName;
  return {
    osName: instance.osName,
    osType: instance.osType,
    ...(instance.status === "Running" ? {} : { status: instance.status }),
    diskCategories: instance.disks.map((d) => d.category),
    fileSystems: instance.disks.map((d) => d.fileSystem),
    regionId: region.regionId,
    appConsistentRegion: region.appConsistentSupported,
    ramRole: !role ? "none" : account.roles.has(role) ? "attached" : "missing",
    policyAllows: !!role && APP_SNAPSHOT_ACTIONS.every((a) => roleAllows({ account }, role, a)),
    cloudAssistant: instance.cloudAssistant,
    scripts: { ...(pre && { pre }), ...(post && { post }) },
  };
}

describe("the table's scenario instances have the facts the table says", () => {
  const account = new AccountState("scenario");
  seedAccount(account, testScenario(), 0);
  const linked = CONSISTENCY_CASES.filter((c) => c.scenarioInstance);
  it.each(linked.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const regionState = account.region(c.scenarioInstance!.regionId)!;
    const instance = regionState.instances.get(c.scenarioInstance!.instanceId)!;
    const { appConsistent: _a, enableWriters: _w, ...facts } = c.facts;
    expect(factsOf(account, regionState.region, instance)).toEqual(facts);
  });
});
