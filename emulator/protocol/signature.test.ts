import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET } from "../server.ts";
import { $Ecs, ecsClient, failure, hbrClient, ramClient, startTestEmulator } from "../testing/clients.ts";
import { buildV3CanonicalRequest, percentEncode, signV1, signV3 } from "./signature.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.stop());

describe("signature V3 (official vectors)", () => {
  it("reproduces the documented RunInstances signature", () => {
    const headers = {
      host: "ecs.cn-shanghai.aliyuncs.com", "x-acs-action": "RunInstances", "x-acs-version": "2014-05-26", "x-acs-date": "2023-10-26T10:22:32Z",
      "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d", "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    };
    const canonical = buildV3CanonicalRequest(
      { method: "POST", path: "/", query: [["RegionId", "cn-shanghai"], ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"]], params: new Map(), headers, body: Buffer.alloc(0) },
      Object.keys(headers).sort(),
      headers["x-acs-content-sha256"],
    );
    expect(signV3(canonical, "YourAccessKeySecret")).toBe("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
  });

  it("reproduces the documented V1 CreateUser signature", () => {
    const params = new Map(Object.entries({
      AccessKeyId: "testid", Action: "CreateUser", Format: "JSON", SignatureMethod: "HMAC-SHA1", SignatureNonce: "6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2",
      SignatureVersion: "1.0", Timestamp: "2015-08-18T03:15:45Z", UserName: "test", Version: "2015-05-01",
    }));
    expect(signV1("GET", params, "testsecret")).toBe("kRA2cnpJVacIhDMzXnoNZG9tDCI=");
  });
});

describe("authentication through the official clients", () => {
  it("accepts the dev key from ECS, RAM and HBR clients, with RequestId on every response", async () => {
    const ecs = await ecsClient(emu).describeRegions(new $Ecs.DescribeRegionsRequest({}));
    expect(ecs.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(ecs.body?.regions?.region?.map((r) => r.regionId)).toContain("ap-southeast-1");
    const ram = await ramClient(emu).getRole(new (await import("@alicloud/ram20150501")).GetRoleRequest({ roleName: "AppSnapshotRoleName" }));
    expect(ram.body?.role?.roleName).toBe("AppSnapshotRoleName");
    const hbr = await hbrClient(emu)("DescribePoliciesV2");
    expect(hbr.RequestId).toBeTruthy();
    expect(hbr.Success).toBe(true);
  });

  it("rejects a wrong secret with SignatureDoesNotMatch 400", async () => {
    const err = await failure(ecsClient(emu, "ap-southeast-1", { accessKeySecret: "wrong" }).describeRegions(new $Ecs.DescribeRegionsRequest({})));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(err.data).toMatchObject({ Code: "SignatureDoesNotMatch", HostId: expect.any(String), Recommend: expect.stringContaining("SignatureDoesNotMatch"), RequestId: expect.any(String) });
  });

  it("rejects an unknown key with InvalidAccessKeyId.NotFound 404", async () => {
    const err = await failure(ecsClient(emu, "ap-southeast-1", { accessKeyId: "LTAI5tNobody" }).describeRegions(new $Ecs.DescribeRegionsRequest({})));
    expect([err.statusCode, err.code]).toEqual([404, "InvalidAccessKeyId.NotFound"]);
  });

  it("rejects a timestamp skewed by more than 15 minutes", async () => {
    const old = new Date(Date.now() - 16 * 60_000).toISOString().slice(0, 19) + "Z";
    const err = await failure(hbrClient(emu)("DescribePoliciesV2", {}, { "x-acs-date": old }));
    expect([err.statusCode, err.code]).toEqual([400, "InvalidTimeStamp.Expired"]);
    const fine = new Date(Date.now() - 10 * 60_000).toISOString().slice(0, 19) + "Z";
    expect((await hbrClient(emu)("DescribePoliciesV2", {}, { "x-acs-date": fine })).Success).toBe(true);
  });

  it("rejects a replayed signature nonce", async () => {
    const nonce = "0123456789abcdef0123456789abcdef" + Date.now();
    const call = () => hbrClient(emu)("DescribePoliciesV2", {}, { "x-acs-signature-nonce": nonce });
    expect((await call()).Success).toBe(true);
    const err = await failure(call());
    expect([err.statusCode, err.code]).toEqual([400, "SignatureNonceUsed"]);
  });

  it("rejects an unknown action with InvalidAction.NotFound 404", async () => {
    const err = await failure(hbrClient(emu)("DescribeEverything"));
    expect([err.statusCode, err.code]).toEqual([404, "InvalidAction.NotFound"]);
  });

  it("rejects a missing or garbled Authorization header", async () => {
    const res = await fetch(`${emu.url}/?RegionId=ap-southeast-1`, { method: "POST", headers: { "x-acs-action": "DescribeInstances", "x-acs-version": "2014-05-26", authorization: "ACS3-HMAC-SHA256 garbage" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ Code: "IncompleteSignature", RequestId: expect.any(String), HostId: expect.any(String), Recommend: expect.any(String) });
    const none = await fetch(`${emu.url}/?RegionId=ap-southeast-1`, { method: "POST", headers: { "x-acs-action": "DescribeInstances", "x-acs-version": "2014-05-26" } });
    expect(((await none.json()) as { Code: string }).Code).toBe("IncompleteSignature");
  });

  it("reports missing and invalid parameters with MissingParameter / InvalidParameter 400", async () => {
    const missing = await failure(ecsClient(emu).describeInstances(new $Ecs.DescribeInstancesRequest({})));
    expect([missing.statusCode, missing.code]).toEqual([400, "MissingParameter"]);
    const invalid = await failure(ecsClient(emu).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "ap-southeast-1", pageSize: 500 })));
    expect([invalid.statusCode, invalid.code]).toEqual([400, "InvalidParameter"]);
  });
});

describe("signature V1 (HMAC-SHA1), built by hand", () => {
  const v1Url = (params: Record<string, string>, secret = DEV_ACCESS_KEY_SECRET) => {
    const map = new Map(Object.entries(params));
    const canonical = [...map].map(([k, v]) => [percentEncode(k), percentEncode(v)]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join("&");
    const signature = createHmac("sha1", `${secret}&`).update(`GET&%2F&${percentEncode(canonical)}`).digest("base64");
    return `${emu.url}/?${canonical}&Signature=${percentEncode(signature)}`;
  };
  const base = () => ({
    AccessKeyId: DEV_ACCESS_KEY_ID, Action: "DescribeInstances", Format: "JSON", RegionId: "cn-hongkong", SignatureMethod: "HMAC-SHA1",
    SignatureNonce: `nonce-${Math.random()}`, SignatureVersion: "1.0", Timestamp: new Date().toISOString().slice(0, 19) + "Z", Version: "2014-05-26", PageSize: "5",
  });

  it("accepts a correctly signed GET request", async () => {
    const res = await fetch(v1Url(base()));
    const body = (await res.json()) as { TotalCount: number; Instances: { Instance: { RegionId: string }[] }; RequestId: string };
    expect(res.status).toBe(200);
    expect(body.TotalCount).toBe(14);
    expect(body.Instances.Instance).toHaveLength(5);
    expect(body.Instances.Instance.every((i) => i.RegionId === "cn-hongkong")).toBe(true);
  });

  it("rejects a V1 request signed with the wrong secret", async () => {
    const res = await fetch(v1Url(base(), "nope"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Code: string }).Code).toBe("SignatureDoesNotMatch");
  });
});
