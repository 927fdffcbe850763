import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../server.ts";
import { $Ecs, $Ram, ecsClient, failure, ramClient, startTestEmulator } from "../../testing/clients.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.stop());

const SG_READY = "i-t4ndemo000000001"; // sg-db-mysql-01, CentOS 7.9, scripts in place
const SG_WIN = "i-t4ndemo000000002";
const SG_STOPPED = "i-t4ndemo000000012";
const HK_AGENT_ABSENT = "i-j6cdemo000000007";

describe("ECS inventory", () => {
  it("DescribeRegions lists the scenario regions with endpoints", async () => {
    const res = await ecsClient(emu).describeRegions(new $Ecs.DescribeRegionsRequest({ acceptLanguage: "en-US" }));
    const sg = res.body?.regions?.region?.find((r) => r.regionId === "ap-southeast-1");
    expect(sg).toMatchObject({ localName: "Singapore", regionEndpoint: "ecs.ap-southeast-1.aliyuncs.com", status: "available" });
  });

  it("DescribeInstances pages with PageNumber/PageSize and with NextToken/MaxResults", async () => {
    const ecs = ecsClient(emu, "ap-northeast-1");
    const p2 = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-northeast-1", pageNumber: 2, pageSize: 50 }));
    expect(p2.body).toMatchObject({ totalCount: 150, pageNumber: 2, pageSize: 50 });
    expect(p2.body?.instances?.instance?.[0]?.instanceName).toBe("bulk-00051");
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-northeast-1", maxResults: 100, nextToken: token }));
      seen.push(...(page.body?.instances?.instance ?? []).map((i) => i.instanceId!));
      token = page.body?.nextToken || undefined;
    } while (token);
    expect(new Set(seen).size).toBe(150);
  });

  it("DescribeInstances filters by InstanceIds, InstanceName wildcard, Status and Tag, with real casing", async () => {
    const ecs = ecsClient(emu);
    const byId = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", instanceIds: JSON.stringify([SG_READY, "i-missing"]) }));
    const inst = byId.body?.instances?.instance?.[0];
    expect(byId.body?.instances?.instance).toHaveLength(1);
    expect(inst).toMatchObject({ instanceId: SG_READY, OSType: "linux", OSName: "CentOS 7.9 64 bit", status: "Running", regionId: "ap-southeast-1" });
    expect(inst?.tags?.tag).toContainEqual(expect.objectContaining({ tagKey: "app", tagValue: "mysql" }));
    const byName = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", instanceName: "sg-win-*" }));
    expect(byName.body?.instances?.instance?.map((i) => i.instanceName)).toEqual(["sg-win-sql-2019", "sg-win-iis-2016", "sg-win-ad-2012"]);
    const stopped = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", status: "Stopped" }));
    expect(stopped.body?.instances?.instance?.map((i) => i.instanceId)).toEqual([SG_STOPPED]);
    const tagged = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", tag: [new $Ecs.DescribeInstancesRequestTag({ key: "env", value: "staging" })] }));
    expect(tagged.body?.totalCount).toBe(4);
  });

  it("DescribeDisks shows categories per instance; unknown region is InvalidRegionId.NotFound", async () => {
    const res = await ecsClient(emu).describeDisks(new $Ecs.DescribeDisksRequest({ regionId: "ap-southeast-1", instanceId: "i-t4ndemo000000009" }));
    expect(res.body?.disks?.disk?.map((d) => d.category)).toEqual(["cloud_efficiency", "cloud_efficiency"]);
    const err = await failure(ecsClient(emu).describeDisks(new $Ecs.DescribeDisksRequest({ regionId: "mars-1" })));
    expect([err.statusCode, err.code]).toEqual([404, "InvalidRegionId.NotFound"]);
  });
});

describe("RAM roles and instance roles", () => {
  it("creates a role and policy, attaches them, and the instance role follows", async () => {
    const ram = ramClient(emu);
    const trust = JSON.stringify({ Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: ["ecs.aliyuncs.com"] } }], Version: "1" });
    const role = await ram.createRole(new $Ram.CreateRoleRequest({ roleName: "HbrTestRole", assumeRolePolicyDocument: trust }));
    expect(role.body?.role?.arn).toMatch(/^acs:ram::\d+:role\/hbrtestrole$/);
    const dup = await failure(ram.createRole(new $Ram.CreateRoleRequest({ roleName: "HbrTestRole", assumeRolePolicyDocument: trust })));
    expect([dup.statusCode, dup.code]).toEqual([409, "EntityAlreadyExists.Role"]);
    const doc = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: ["ecs:*Snapshot*"], Resource: "*" }] });
    await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: "HbrTestPolicy", policyDocument: doc }));
    const bad = await failure(ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: "Broken", policyDocument: "{" })));
    expect(bad.code).toBe("MalformedPolicyDocument");
    const got = await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: "HbrTestPolicy", policyType: "Custom" }));
    expect(got.body?.defaultPolicyVersion?.policyDocument).toBe(doc);
    await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyName: "HbrTestPolicy", policyType: "Custom", roleName: "HbrTestRole" }));
    const again = await failure(ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyName: "HbrTestPolicy", policyType: "Custom", roleName: "HbrTestRole" })));
    expect(again.code).toBe("EntityAlreadyExists.Role.Policy");
    const list = await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: "HbrTestRole" }));
    expect(list.body?.policies?.policy?.map((p) => p.policyName)).toEqual(["HbrTestPolicy"]);
    expect((await ram.getRole(new $Ram.GetRoleRequest({ roleName: "HbrTestRole" }))).body?.role?.assumeRolePolicyDocument).toBe(trust);
    const missing = await failure(ram.getRole(new $Ram.GetRoleRequest({ roleName: "Nope" })));
    expect([missing.statusCode, missing.code]).toEqual([404, "EntityNotExist.Role"]);

    const ecs = ecsClient(emu, "ap-southeast-1");
    const NO_ROLE = "i-t4ndemo000000011";
    const attach = await ecs.attachInstanceRamRole(new $Ecs.AttachInstanceRamRoleRequest({ regionId: "ap-southeast-1", instanceIds: JSON.stringify([NO_ROLE, SG_READY]), ramRoleName: "HbrTestRole" }));
    expect(attach.body).toMatchObject({ totalCount: 2, failCount: 1 });
    const roles = await ecs.describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId: "ap-southeast-1", instanceIds: JSON.stringify([NO_ROLE]) }));
    expect(roles.body?.instanceRamRoleSets?.instanceRamRoleSet?.[0]).toMatchObject({ instanceId: NO_ROLE, ramRoleName: "HbrTestRole" });
  });
});

describe("Cloud Assistant", () => {
  const run = async (instanceId: string, type: string, content: string) => {
    const ecs = ecsClient(emu, "ap-southeast-1");
    const { body } = await ecs.runCommand(new $Ecs.RunCommandRequest({ regionId: "ap-southeast-1", type, commandContent: content, instanceId: [instanceId] }));
    const results = await ecs.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId: "ap-southeast-1", invokeId: body?.invokeId, contentEncoding: "PlainText" }));
    const result = results.body?.invocation?.invocationResults?.invocationResult?.[0];
    if (!result) throw new Error("no invocation result");
    return result;
  };

  it("answers the console's checks from instance state", async () => {
    expect((await run(SG_READY, "RunShellScript", "ps aux | grep aliyun.service")).output).toContain("aliyun-service");
    expect(await run(SG_READY, "RunShellScript", "stat -c '%a %U' /tmp/prescript.sh")).toMatchObject({ output: "700 root\n", exitCode: 0, invocationStatus: "Success" });
    expect(await run(SG_READY, "RunShellScript", "stat -c '%a %U' /tmp/nothing.sh")).toMatchObject({ exitCode: 1, invocationStatus: "Failed", errorCode: "ExitCodeNonzero" });
    expect((await run(SG_READY, "RunShellScript", "df -T")).output).toMatch(/\/dev\/xvda\s+ext4/);
    expect((await run(SG_READY, "RunShellScript", "bash /tmp/prescript.sh")).exitCode).toBe(0);
    expect((await run(SG_READY, "RunShellScript", "make coffee")).output).toBe("");
    expect((await run(SG_WIN, "RunPowerShellScript", "Get-Service AliyunService")).output).toContain("Running");
    const base64 = await ecsClient(emu).describeInvocations(new $Ecs.DescribeInvocationsRequest({ regionId: "ap-southeast-1", instanceId: SG_READY, includeOutput: true }));
    expect(base64.body?.invocations?.invocation?.length).toBeGreaterThan(3);
  });

  it("fails on stopped instances, mismatched script types and absent agents", async () => {
    const ecs = ecsClient(emu, "ap-southeast-1");
    const stopped = await failure(ecs.runCommand(new $Ecs.RunCommandRequest({ regionId: "ap-southeast-1", type: "RunShellScript", commandContent: "true", instanceId: [SG_STOPPED] })));
    expect([stopped.statusCode, stopped.code]).toEqual([403, "IncorrectInstanceStatus"]);
    const mismatch = await failure(ecs.runCommand(new $Ecs.RunCommandRequest({ regionId: "ap-southeast-1", type: "RunShellScript", commandContent: "true", instanceId: [SG_WIN] })));
    expect(mismatch.code).toBe("InvalidInstance.NotMatch");
    const hk = ecsClient(emu, "cn-hongkong");
    const status = await hk.describeCloudAssistantStatus(new $Ecs.DescribeCloudAssistantStatusRequest({ regionId: "cn-hongkong", instanceId: [HK_AGENT_ABSENT] }));
    expect(status.body?.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus?.[0]).toMatchObject({ cloudAssistantStatus: "false", OSType: "Linux" });
    const res = await hk.runCommand(new $Ecs.RunCommandRequest({ regionId: "cn-hongkong", type: "RunShellScript", commandContent: "true", instanceId: [HK_AGENT_ABSENT] }));
    const inv = await hk.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId: "cn-hongkong", invokeId: res.body?.invokeId }));
    expect(inv.body?.invocation?.invocationResults?.invocationResult?.[0]?.errorCode).toBe("ClientNotRunning");
    await hk.installCloudAssistant(new $Ecs.InstallCloudAssistantRequest({ regionId: "cn-hongkong", instanceId: [HK_AGENT_ABSENT] }));
    const after = await hk.describeCloudAssistantStatus(new $Ecs.DescribeCloudAssistantStatusRequest({ regionId: "cn-hongkong", instanceId: [HK_AGENT_ABSENT] }));
    expect(after.body?.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus?.[0]?.cloudAssistantStatus).toBe("true");
  });

  it("SendFile writes path, mode, owner and content into the instance", async () => {
    const ecs = ecsClient(emu, "ap-southeast-1");
    const UBUNTU_NO_SCRIPTS = "i-t4ndemo000000005";
    const sent = await ecs.sendFile(new $Ecs.SendFileRequest({
      regionId: "ap-southeast-1", instanceId: [UBUNTU_NO_SCRIPTS], name: "prescript.sh", targetDir: "/tmp", content: Buffer.from("#!/bin/bash\nsync\n").toString("base64"),
      contentType: "Base64", fileMode: "0700", fileOwner: "root", overwrite: true,
    }));
    const results = await ecs.describeSendFileResults(new $Ecs.DescribeSendFileResultsRequest({ regionId: "ap-southeast-1", invokeId: sent.body?.invokeId }));
    expect(results.body?.invocations?.invocation?.[0]).toMatchObject({ invocationStatus: "Success", fileMode: "0700", overwrite: "true" });
    expect((await run(UBUNTU_NO_SCRIPTS, "RunShellScript", "stat -c '%a %U' /tmp/prescript.sh")).output).toBe("700 root\n");
    expect((await run(UBUNTU_NO_SCRIPTS, "RunShellScript", "cat /tmp/prescript.sh")).output).toBe("#!/bin/bash\nsync\n");
  });

  const start = async (content: string, timeout?: number, instanceId = SG_READY) => {
    const ecs = ecsClient(emu, "ap-southeast-1");
    const { body } = await ecs.runCommand(new $Ecs.RunCommandRequest({ regionId: "ap-southeast-1", type: "RunShellScript", commandContent: content, instanceId: [instanceId], timeout }));
    const read = async () => {
      const res = await ecs.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId: "ap-southeast-1", invokeId: body?.invokeId, contentEncoding: "PlainText" }));
      return res.body!.invocation!.invocationResults!.invocationResult![0]!;
    };
    return { invokeId: body!.invokeId!, read };
  };
  const advance = async (seconds: number) => {
    const res = await fetch(`${emu.url}/__emulator/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ seconds }) });
    expect(res.ok).toBe(true);
  };

  it("sleep N keeps the invocation Running for N simulated seconds; output and exit code come after", async () => {
    const inv = await start("echo starting\nsleep 30\necho done\nexit 3");
    expect(await inv.read()).toMatchObject({ invocationStatus: "Running", invokeRecordStatus: "Running", output: "", exitCode: 0, finishedTime: "" });
    const listed = await ecsClient(emu).describeInvocations(new $Ecs.DescribeInvocationsRequest({ regionId: "ap-southeast-1", invokeId: inv.invokeId, includeOutput: true }));
    expect(listed.body?.invocations?.invocation?.[0]).toMatchObject({ invocationStatus: "Running", invokeStatus: "Running" });
    await advance(31);
    expect(await inv.read()).toMatchObject({ invocationStatus: "Failed", invokeRecordStatus: "Finished", output: "starting\ndone\n", exitCode: 3, errorCode: "ExitCodeNonzero" });
  });

  it("a script longer than its Timeout stops there: Timeout, ExecutionTimeout, exit 1, the output printed before", async () => {
    const inv = await start("echo freezing\nsleep 3600\necho never", 10);
    expect((await inv.read()).invocationStatus).toBe("Running");
    await advance(11);
    const result = await inv.read();
    expect(result).toMatchObject({ invocationStatus: "Timeout", invokeRecordStatus: "Failed", errorCode: "ExecutionTimeout", exitCode: 1, output: "freezing\n" });
    expect(result.errorInfo).toContain("Timeout of 10 seconds");
    const tooShort = await failure(ecsClient(emu).runCommand(new $Ecs.RunCommandRequest({ regionId: "ap-southeast-1", type: "RunShellScript", commandContent: "true", instanceId: [SG_READY], timeout: 5 })));
    expect(tooShort.code).toBe("InvalidParameter");
  });

  it("the default Timeout is 60 s; `timeout N cmd` stops only that command, with 124", async () => {
    const hang = await start("sleep infinity");
    await advance(59);
    expect((await hang.read()).invocationStatus).toBe("Running");
    await advance(2);
    expect(await hang.read()).toMatchObject({ invocationStatus: "Timeout", errorCode: "ExecutionTimeout" });
    const guarded = await start("timeout 5 sleep 100 || echo gave up with $?\nexit 0");
    await advance(6);
    expect(await guarded.read()).toMatchObject({ invocationStatus: "Success", output: "gave up with 124\n", exitCode: 0 });
  });

  it("exit N, head -n 1, sha256sum, || and { …; } groups; blocks and functions are not run", async () => {
    const prescript = "#!/bin/bash\n# flush application buffers before the snapshot\nsync\n";
    const digest = createHash("sha256").update(prescript).digest("hex");
    expect(await run(SG_READY, "RunShellScript", "exit 7\necho never")).toMatchObject({ exitCode: 7, output: "", errorCode: "ExitCodeNonzero" });
    expect((await run(SG_READY, "RunShellScript", "head -n 1 /tmp/prescript.sh\nhead -1 /tmp/postscript.sh")).output).toBe("#!/bin/bash\n#!/bin/bash\n");
    expect(await run(SG_READY, "RunShellScript", "head -n 1 /tmp/none.sh")).toMatchObject({ exitCode: 1, output: "head: cannot open '/tmp/none.sh' for reading: No such file or directory\n" });
    expect((await run(SG_READY, "RunShellScript", "sha256sum /tmp/prescript.sh")).output).toBe(`${digest}  /tmp/prescript.sh\n`);
    expect((await run(SG_READY, "RunShellScript", "stat -c '%a %U %n' /tmp/prescript.sh /tmp/postscript.sh")).output).toBe("700 root /tmp/prescript.sh\n700 root /tmp/postscript.sh\n");
    expect(await run(SG_READY, "RunShellScript", "false || { echo thawed; exit 3; }\necho never")).toMatchObject({ exitCode: 3, output: "thawed\n" });
    const blocks = "thaw() {\n  exit 9\n}\nif true; then\n  exit 8\nfi\ntrap thaw EXIT\nname=db; echo \"froze $name\"";
    expect(await run(SG_READY, "RunShellScript", blocks)).toMatchObject({ exitCode: 0, output: "froze db\n" });
    expect((await run(SG_READY, "RunShellScript", "bash /tmp/postscript.sh; echo code=$?")).output).toBe("code=0\n");
  });

  it("TagResources tags instances; DescribeInstances sees it", async () => {
    const ecs = ecsClient(emu, "ap-southeast-1");
    await ecs.tagResources(new $Ecs.TagResourcesRequest({ regionId: "ap-southeast-1", resourceType: "instance", resourceId: [SG_WIN], tag: [new $Ecs.TagResourcesRequestTag({ key: "hbr-plan", value: "p1" })] }));
    const res = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", tag: [new $Ecs.DescribeInstancesRequestTag({ key: "hbr-plan", value: "p1" })] }));
    expect(res.body?.instances?.instance?.map((i) => i.instanceId)).toEqual([SG_WIN]);
    const bad = await failure(ecs.tagResources(new $Ecs.TagResourcesRequest({ regionId: "ap-southeast-1", resourceType: "instance", resourceId: ["i-nope"], tag: [new $Ecs.TagResourcesRequestTag({ key: "k", value: "v" })] })));
    expect([bad.statusCode, bad.code]).toEqual([404, "InvalidResourceId.NotFound"]);
  });
});
