import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { $Ecs, $Ram, createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { CloudError } from "@/lib/server/cloud/cloud-error";
import { encodeHbrParams } from "@/lib/server/cloud/hbr/hbr-client";
import { AmbiguousCreateError, backoffMs } from "@/lib/server/cloud/with-retries";
import { startTestEmulator } from "@/lib/server/testing/emulator";
import type { RunningEmulator } from "@/emulator/server";
import type { Env } from "@/lib/server/env";

let emulator: RunningEmulator;
let env: Env;
let cloud: CloudClients;
const retries: { action: string; attempt: number; code: string }[] = [];

async function admin(path: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${method} ${path}`).toBe(true);
}

beforeAll(async () => {
  ({ emulator, env } = await startTestEmulator());
  cloud = createCloudClients(env, { onRetry: ({ action, attempt, error }) => retries.push({ action, attempt, code: error.code }) });
});
afterAll(() => emulator.stop());

async function failureOf(promise: Promise<unknown>): Promise<CloudError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudError);
  return err as CloudError;
}

describe("encodeHbrParams", () => {
  it("writes models as PascalCase JSON, free-form maps as given, lists flattened, scalars as text", () => {
    const encoded = encodeHbrParams(
      {
        policyId: "po-1",
        rules: [{ ruleType: "BACKUP", schedule: "I|1700000000|P1D", retention: 7 }],
        detail: { appConsistent: true, EnableFsFreeze: true, diskIdList: ["d-1"] },
        filters: [{ key: "InstanceId", values: ["i-1", "i-2"], operator: "IN" }],
        disabled: false,
        skipped: undefined,
      },
      { rules: "json", detail: "jsonMap", filters: "flat" },
    );
    expect(encoded).toEqual({
      PolicyId: "po-1",
      Rules: '[{"RuleType":"BACKUP","Schedule":"I|1700000000|P1D","Retention":7}]',
      Detail: '{"appConsistent":true,"EnableFsFreeze":true,"diskIdList":["d-1"]}',
      "Filters.1.Key": "InstanceId",
      "Filters.1.Values.1": "i-1",
      "Filters.1.Values.2": "i-2",
      "Filters.1.Operator": "IN",
      Disabled: "false",
    });
  });
});

describe("backoffMs", () => {
  it("doubles per attempt with equal jitter and respects the cap", () => {
    const policy = { maxAttempts: 5, baseMs: 100, capMs: 1000 };
    expect(backoffMs(policy, 1, () => 0)).toBe(50);
    expect(backoffMs(policy, 1, () => 1)).toBe(100);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(300);
    expect(backoffMs(policy, 10, () => 1)).toBe(1000);
  });
});

describe("cloud clients against the emulator", () => {
  it("ECS: lists regions and pages instances through the official SDK", async () => {
    const regions = await cloud.ecs("ap-southeast-1").describeRegions(new $Ecs.DescribeRegionsRequest({}));
    const ids = regions.body?.regions?.region?.map((r) => r.regionId) ?? [];
    expect(ids).toEqual(expect.arrayContaining(["ap-southeast-1", "cn-hongkong"]));

    const page = await cloud.ecs("ap-southeast-1").describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", pageNumber: 1, pageSize: 5 }));
    expect(page.body?.instances?.instance?.length).toBeGreaterThan(0);
    expect(page.body?.totalCount).toBeGreaterThanOrEqual(page.body!.instances!.instance!.length);
    const first = page.body!.instances!.instance![0]!;
    expect(first.instanceId).toMatch(/^i-/);
    expect(first.regionId).toBe("ap-southeast-1");
  });

  it("RAM: a missing role is a not_found CloudError carrying the cloud's code and RequestId", async () => {
    const err = await failureOf(cloud.ram().getRole(new $Ram.GetRoleRequest({ roleName: `NoSuchRole${Date.now()}` })));
    expect(err).toMatchObject({ product: "ram", action: "GetRole", kind: "not_found", code: "EntityNotExist.Role", statusCode: 404 });
    expect(err.requestId).toBeTruthy();
    expect(err.retryable).toBe(false);
  });

  it("HBR: creates a policy and reads it back with the SDK's lowerCamel model", async () => {
    const created = await cloud.hbr("ap-southeast-1").createPolicyV2({
      policyName: `test-policy-${Date.now()}`,
      policyType: "UDM_ECS_ONLY",
      rules: [
        { ruleType: "BACKUP", schedule: "I|1767225600|P1D", retention: 7, backupType: "COMPLETE" },
        { ruleType: "REPLICATION", replicationRegionId: "cn-hongkong", retention: 30 },
      ],
    });
    expect(created.success).toBe(true);
    expect(created.policyId).toMatch(/^po-/);

    const listed = await cloud.hbr("ap-southeast-1").describePoliciesV2({ policyId: created.policyId });
    expect(listed.policies).toHaveLength(1);
    const policy = listed.policies[0]!;
    expect(policy.rules.map((r) => r.ruleType).sort()).toEqual(["BACKUP", "REPLICATION"]);
    expect(policy.rules.find((r) => r.ruleType === "REPLICATION")).toMatchObject({ replicationRegionId: "cn-hongkong", retention: 30 });
  });

  it("HBR: an unknown policy is not found, and is not retried", async () => {
    const before = retries.length;
    const err = await failureOf(cloud.hbr("ap-southeast-1").deletePolicyV2({ policyId: "po-000doesnotexist00000" }));
    expect(err.kind).toBe("not_found");
    expect(err.statusCode).toBe(404);
    expect(retries.length).toBe(before);
  });

  it("retries throttling and 5xx with backoff, then succeeds", async () => {
    await admin("faults", "POST", { action: "DescribeRegions", kind: "throttle", count: 1 });
    await admin("faults", "POST", { action: "DescribeRegions", kind: "error5xx", count: 1 });
    const before = retries.length;
    const res = await cloud.ecs("ap-southeast-1").describeRegions(new $Ecs.DescribeRegionsRequest({}));
    expect(res.body?.regions?.region?.length).toBeGreaterThan(0);
    expect(retries.slice(before).map((r) => r.code).sort()).toEqual(["ServiceUnavailable", "Throttling.User"]);
    await admin("faults", "DELETE");
  });

  it("retries dropped connections", async () => {
    await admin("faults", "POST", { action: "DescribePoliciesV2", kind: "reset", count: 1 });
    const before = retries.length;
    const res = await cloud.hbr("ap-southeast-1").describePoliciesV2({});
    expect(res.success).toBe(true);
    expect(retries.slice(before)).toHaveLength(1);
    await admin("faults", "DELETE");
  });

  it("gives up after the bounded number of attempts with the last error", async () => {
    await admin("faults", "POST", { action: "DescribeRegions", kind: "error5xx" });
    const before = retries.length;
    const err = await failureOf(cloud.ecs("ap-southeast-1").describeRegions(new $Ecs.DescribeRegionsRequest({})));
    expect(err).toMatchObject({ kind: "server", code: "ServiceUnavailable", statusCode: 503 });
    expect(retries.length - before).toBe(env.CLOUD_MAX_ATTEMPTS - 1);
    await admin("faults", "DELETE");
  });

  it("a create is resent after throttling or a 503 (not processed), but not after a dropped connection or a timeout", async () => {
    const hbr = cloud.hbr("ap-southeast-1");
    const marker = `create-retry-${Date.now()}`;
    const ours = async () => (await hbr.describePoliciesV2({ maxResults: 100 })).policies.filter((p) => p.policyDescription?.startsWith(marker));
    const create = (n: number) => hbr.createPolicyV2({ policyName: `${marker}-${n}`, policyDescription: `${marker}-${n}`, policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] });

    await admin("faults", "POST", { action: "CreatePolicyV2", kind: "throttle", count: 1 });
    await admin("faults", "POST", { action: "CreatePolicyV2", kind: "error5xx", count: 1 });
    const before = retries.length;
    await create(1);
    expect(retries.slice(before).map((r) => r.code).sort()).toEqual(["ServiceUnavailable", "Throttling.User"]);

    await admin("faults", "POST", { action: "CreatePolicyV2", kind: "reset", count: 1 });
    const reset = await failureOf(create(2));
    expect(reset).toBeInstanceOf(AmbiguousCreateError);
    expect(reset).toMatchObject({ kind: "network", retryable: true });

    const slow = createCloudClients({ ...env, CLOUD_TIMEOUT_MS: 500 }).hbr("ap-southeast-1");
    await admin("faults", "POST", { action: "CreatePolicyV2", kind: "latency", latencyMs: 1500, count: 1 });
    const timedOut = await failureOf(slow.createPolicyV2({ policyName: `${marker}-3`, policyDescription: `${marker}-3`, policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] }));
    expect(timedOut).toBeInstanceOf(AmbiguousCreateError);
    expect(timedOut.kind).toBe("timeout");
    // The slow one was made (the answer was late, not the action); the dropped one never reached the action.
    expect((await ours()).map((p) => p.policyDescription).sort()).toEqual([`${marker}-1`, `${marker}-3`]);
    await admin("faults", "DELETE");
  });

  it("maps a wrong secret to a product-level message", async () => {
    const wrong = createCloudClients({ ...env, EMULATOR_ACCESS_KEY_SECRET: "not-the-secret" });
    const err = await failureOf(wrong.ecs("ap-southeast-1").describeRegions(new $Ecs.DescribeRegionsRequest({})));
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(err.message).toMatch(/^Alibaba Cloud rejected the console's request signature/);
  });
});
