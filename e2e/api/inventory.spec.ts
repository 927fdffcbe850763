import { instanceListSchema, prerequisitesSchema } from "@/lib/schemas/instances";
import { policyListSchema } from "@/lib/schemas/policy";
import { regionListSchema } from "@/lib/schemas/regions";
import { expect, test } from "../fixtures";

// Default emulator scenario: Singapore holds 14 hand-made instances, Tokyo 5,000 generated ones.
const SG_MYSQL = "i-t4ndemo000000001";
const SG_NO_SCRIPTS = "i-t4ndemo000000005";
const SG_STOPPED = "i-t4ndemo000000012";

test.describe("inventory API", () => {
  test("regions carry policy and application-consistency support", async ({ adminApi }) => {
    const res = await adminApi.get("/api/regions");
    expect(res.status()).toBe(200);
    const { regions } = regionListSchema.parse(await res.json());
    expect(regions).toEqual(
      expect.arrayContaining([
        { regionId: "ap-southeast-1", localName: "Singapore", policySupported: true, appConsistentSupported: true },
        { regionId: "ap-northeast-1", localName: "Japan (Tokyo)", policySupported: false, appConsistentSupported: false },
      ]),
    );
  });

  test("instances are searched and paged on the server, even over 5,000", async ({ adminApi }) => {
    const first = instanceListSchema.parse(await (await adminApi.get("/api/regions/ap-northeast-1/instances?pageSize=25")).json());
    expect(first).toMatchObject({ page: 1, pageSize: 25, total: 5000 });
    expect(first.instances).toHaveLength(25);
    const last = instanceListSchema.parse(await (await adminApi.get("/api/regions/ap-northeast-1/instances?page=200&pageSize=25")).json());
    expect(last.instances).toHaveLength(25);
    expect(last.instances[0]!.instanceId).not.toBe(first.instances[0]!.instanceId);

    const found = instanceListSchema.parse(await (await adminApi.get("/api/regions/ap-southeast-1/instances?q=mysql")).json());
    expect(found.total).toBe(1);
    expect(found.instances[0]).toMatchObject({ instanceId: SG_MYSQL, snapshotGroupSupported: true, disks: [{ type: "system" }, { type: "data" }] });
    const byId = instanceListSchema.parse(await (await adminApi.get(`/api/regions/ap-southeast-1/instances?q=${SG_STOPPED}`)).json());
    expect(byId.instances.map((i) => i.instanceId)).toEqual([SG_STOPPED]);
  });

  test("bad paging is a 422 and an unknown region a 404 envelope", async ({ adminApi }) => {
    const bad = await adminApi.get("/api/regions/ap-southeast-1/instances?page=0&pageSize=500");
    expect(bad.status()).toBe(422);
    expect(Object.keys((await bad.json()).error.fieldErrors).sort()).toEqual(["page", "pageSize"]);
    const unknown = await adminApi.get("/api/regions/eu-nowhere-1/instances");
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ code: "NOT_FOUND", message: "Unknown region" });
    expect((await adminApi.get("/api/regions/eu-nowhere-1/policies")).status()).toBe(404);
  });

  test("prerequisites: a live checklist with the consistency a backup will reach", async ({ adminApi }) => {
    const ready = prerequisitesSchema.parse(await (await adminApi.get(`/api/regions/ap-southeast-1/instances/${SG_MYSQL}/prerequisites`)).json());
    expect(ready.items.every((i) => i.status === "pass")).toBe(true);
    expect(ready.predicted.level).toBe("APPLICATION");
    const noScripts = prerequisitesSchema.parse(await (await adminApi.get(`/api/regions/ap-southeast-1/instances/${SG_NO_SCRIPTS}/prerequisites`)).json());
    expect(noScripts.predicted).toMatchObject({ level: "FILE_SYSTEM", reason: expect.stringContaining("Missing or wrong scripts") });
    const stopped = prerequisitesSchema.parse(await (await adminApi.get(`/api/regions/ap-southeast-1/instances/${SG_STOPPED}/prerequisites`)).json());
    expect(stopped.predicted.level).toBe("CRASH");

    const unknown = await adminApi.get("/api/regions/ap-southeast-1/instances/i-doesnotexist/prerequisites");
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.message).toBe("Unknown instance");
    expect((await adminApi.get("/api/regions/ap-southeast-1/instances/not-an-id/prerequisites")).status()).toBe(422);
  });

  test("policies: listed where supported, empty elsewhere", async ({ adminApi }) => {
    const sg = await adminApi.get("/api/regions/ap-southeast-1/policies");
    expect(sg.status()).toBe(200);
    policyListSchema.parse(await sg.json());
    expect(policyListSchema.parse(await (await adminApi.get("/api/regions/cn-shanghai/policies")).json()).policies).toEqual([]);
  });

  test("anonymous callers get 401; a viewer can read everything", async ({ anonApi, makeUser, apiAs }) => {
    for (const path of ["/api/regions", "/api/regions/ap-southeast-1/instances", `/api/regions/ap-southeast-1/instances/${SG_MYSQL}/prerequisites`, "/api/regions/ap-southeast-1/policies"]) {
      expect((await anonApi.get(path)).status(), path).toBe(401);
    }
    const viewer = await apiAs(await makeUser("viewer"));
    expect((await viewer.get("/api/regions")).status()).toBe(200);
    expect((await viewer.get("/api/regions/ap-southeast-1/instances?pageSize=5")).status()).toBe(200);
    expect((await viewer.get(`/api/regions/ap-southeast-1/instances/${SG_MYSQL}/prerequisites`)).status()).toBe(200);
    expect((await viewer.get("/api/regions/ap-southeast-1/policies")).status()).toBe(200);
  });
});
