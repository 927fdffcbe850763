import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BackoffPolicy, RetryCondition, RetryOptions } from "@darabonba/typescript";
import { $Ecs, $OpenApiUtil, $Ram, EcsClient, admin, ecsClient, failure, hbrClient, ramClient, startTestEmulator, testScenario } from "./testing/clients.ts";
import { readScenario } from "./scenario/load-scenario.ts";
import { DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, startEmulator } from "./server.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("persistence", () => {
  it("keeps policies, jobs, snapshots, instance files and the clock across a restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-emu-"));
    dirs.push(dataDir);
    const first = await startEmulator({ dataDir, scenario: testScenario() });
    const hbr = hbrClient(first, "ap-southeast-1");
    const { PolicyId } = await hbr("CreatePolicyV2", { PolicyName: "persisted", Rules: [{ RuleType: "BACKUP", Schedule: "I|1700000000|P1D", Retention: 7 }] });
    const { JobId } = await hbr("CreateBackupJob", { SourceType: "UDM_ECS", InstanceId: "i-t4ndemo000000001", Detail: { appConsistent: true } });
    await admin(first, "clock/advance", "POST", { seconds: 3600 });
    await ecsClient(first).tagResources(new $Ecs.TagResourcesRequest({ regionId: "ap-southeast-1", resourceType: "instance", resourceId: ["i-t4ndemo000000001"], tag: [new $Ecs.TagResourcesRequestTag({ key: "kept", value: "yes" })] }));
    const offset = (await admin(first, "clock", "GET")).clockOffsetMs;
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, "emulator"))).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, "emulator")).length).toBeGreaterThan(0);

    const second = await startEmulator({ dataDir, scenario: testScenario() });
    try {
      const again = hbrClient(second, "ap-southeast-1");
      expect((await again("DescribePoliciesV2", { PolicyId })).Policies[0].PolicyName).toBe("persisted");
      const job = (await again("DescribeBackupJobs2", { SourceType: "UDM_ECS", "Filters.1.Key": "JobId", "Filters.1.Values.1": JobId })).BackupJobs.BackupJob[0];
      expect(job.Status).toBe("COMPLETE");
      expect((await admin(second, "clock", "GET")).clockOffsetMs).toBe(offset);
      const inst = await ecsClient(second).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", instanceIds: JSON.stringify(["i-t4ndemo000000001"]) }));
      expect(inst.body?.instances?.instance?.[0]?.tags?.tag).toContainEqual(expect.objectContaining({ tagKey: "kept", tagValue: "yes" }));
      await admin(second, "reset");
      expect((await again("DescribePoliciesV2", {})).Policies).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

describe("admin API and faults", () => {
  it("injects throttling, 5xx, latency and dropped connections, then clears them", async () => {
    const emu = await startTestEmulator();
    try {
      const ecs = ecsClient(emu);
      const req = () => ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}));
      await admin(emu, "faults", "POST", { kind: "throttle", rate: 1, count: 1, action: "DescribeRegions" });
      const throttled = await failure(req());
      expect([throttled.statusCode, throttled.code]).toEqual([400, "Throttling.User"]);
      expect((await req()).body?.regions?.region?.length).toBeGreaterThan(0);
      await admin(emu, "faults", "POST", { kind: "error5xx", rate: 1, count: 1 });
      const down = await failure(req());
      expect([down.statusCode, down.code]).toEqual([503, "ServiceUnavailable"]);
      await admin(emu, "faults", "POST", { kind: "latency", rate: 1, latencyMs: 150, count: 1 });
      const t0 = Date.now();
      await req();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      await admin(emu, "faults", "POST", { kind: "reset", rate: 1 });
      const dropped = await failure(req());
      expect(dropped.code ?? (dropped as unknown as Error).message).toMatch(/ECONNRESET|socket hang up|other side closed/i);
      await admin(emu, "faults", "DELETE");
      expect((await req()).statusCode).toBe(200);
      const bad = await fetch(`${emu.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ kind: "meteor" }) });
      expect(bad.status).toBe(400);
    } finally {
      await emu.stop();
    }
  });

  it("injects a permanent error for the requests whose parameters match, and only those", async () => {
    const emu = await startTestEmulator();
    try {
      const ecs = ecsClient(emu);
      await admin(emu, "faults", "POST", { kind: "error", code: "Forbidden.RAM", status: 403, message: "No permission.", params: { RegionId: "cn-hangzhou" } });
      const refused = await failure(ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-hangzhou" })));
      expect([refused.statusCode, refused.code]).toEqual([403, "Forbidden.RAM"]);
      expect((await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-shanghai" }))).statusCode).toBe(200);
      const faults = (await admin(emu, "faults", "GET")) as { faults: { kind: string; hits: number }[] };
      expect(faults.faults).toEqual([expect.objectContaining({ kind: "error", hits: 1 })]);
    } finally {
      await emu.stop();
    }
  });

  it("forgets RAM roles and custom policies on request, detaching them from instances and roles", async () => {
    const emu = await startTestEmulator();
    try {
      const answer = await admin(emu, "ram/forget", "POST", { roleNames: ["AppSnapshotRoleName"], policyNames: ["AppSnapshotPolicy"] });
      expect(answer.roles).toEqual(["RoleWithoutPolicy"]);
      expect(answer.policies).toEqual([]);
      expect(answer.detached).toBeGreaterThan(10);
      const ram = ramClient(emu);
      expect((await failure(ram.getRole(new $Ram.GetRoleRequest({ roleName: "AppSnapshotRoleName" })))).code).toBe("EntityNotExist.Role");
      expect((await failure(ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: "AppSnapshotPolicy", policyType: "Custom" })))).code).toBe("EntityNotExist.Policy");
      const roles = await ecsClient(emu).describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId: "ap-southeast-1", instanceIds: JSON.stringify(["i-t4ndemo000000001"]) }));
      expect(roles.body?.instanceRamRoleSets?.instanceRamRoleSet?.filter((r) => r.ramRoleName)).toEqual([]);
      expect((await admin(emu, "ram/forget", "POST", { roleNames: 3 })).error).toBe("BadRequest");
    } finally {
      await emu.stop();
    }
  });

  it("SDK retries (retry headers are signed too) ride out injected throttling and 5xx", async () => {
    const emu = await startTestEmulator();
    try {
      const retryOptions = new RetryOptions({
        retryable: true,
        retryCondition: [new RetryCondition({ maxAttempts: 3, exception: ["ThrottlingError", "ServerError"], errorCode: ["Throttling.User", "ServiceUnavailable"], backoff: BackoffPolicy.newBackoffPolicy({ policy: "Fixed", period: 10 }), maxDelay: 100 })],
        noRetryCondition: [],
      });
      const config = new $OpenApiUtil.Config({ accessKeyId: DEV_ACCESS_KEY_ID, accessKeySecret: DEV_ACCESS_KEY_SECRET, endpoint: `127.0.0.1:${emu.port}`, protocol: "http", regionId: "ap-southeast-1", retryOptions });
      await admin(emu, "faults", "POST", { kind: "throttle", rate: 1, count: 1, retryAfterMs: 20 });
      await admin(emu, "faults", "POST", { kind: "error5xx", rate: 1, count: 1 });
      const res = await new EcsClient(config).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", pageSize: 1 }));
      expect(res.body?.totalCount).toBe(14);
      const faults = (await admin(emu, "state", "GET")).faults as { kind: string; hits: number }[];
      expect(faults.map((f) => [f.kind, f.hits])).toEqual([["throttle", 1], ["error5xx", 1]]);
    } finally {
      await emu.stop();
    }
  });

  it("guards the admin API with the token when one is set", async () => {
    const emu = await startTestEmulator({ adminToken: "s3cret" });
    try {
      expect((await fetch(`${emu.url}/__emulator/state`)).status).toBe(403);
      const ok = await fetch(`${emu.url}/__emulator/regions`, { headers: { "x-emulator-admin-token": "s3cret" } });
      const body = (await ok.json()) as { regions: { regionId: string; policySupported: boolean }[] };
      expect(body.regions.find((r) => r.regionId === "cn-shanghai")?.policySupported).toBe(false);
      expect(body.regions.find((r) => r.regionId === "ap-southeast-1")?.policySupported).toBe(true);
    } finally {
      await emu.stop();
    }
  });
});

describe("scenario", () => {
  it("the default scenario has ≥ 40 hand-made instances over four regions plus 5,000 generated", () => {
    const s = readScenario(undefined);
    expect(s.instances.length).toBeGreaterThanOrEqual(40);
    expect(new Set(s.instances.map((i) => i.regionId))).toEqual(new Set(["ap-southeast-1", "cn-hongkong", "cn-hangzhou", "cn-shanghai"]));
    expect(s.generate[0]?.count).toBe(5000);
  });

  it("rejects a bad scenario file with a message naming the problem", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hbr-scn-")), "bad.json");
    dirs.push(path.dirname(file));
    fs.writeFileSync(file, JSON.stringify({ regions: [{ regionId: "ap-southeast-1", localName: "Singapore", policySupported: true }], instances: [{ instanceId: "i-x", regionId: "cn-nowhere" }] }));
    expect(() => readScenario(file)).toThrow(/Invalid emulator scenario .*bad\.json[\s\S]*instances\.0/);
  });
});
