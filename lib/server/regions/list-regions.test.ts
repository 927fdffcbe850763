import { describe, expect, it } from "vitest";
import { regionListSchema } from "@/lib/schemas/regions";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { parseEnv } from "@/lib/server/env";
import { ApiError } from "@/lib/server/http/api-error";
import { setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";
import { getRegionOrThrow, listRegions } from "@/lib/server/regions/list-regions";

const kit = setUpInventoryEmulator();
/** Clients with an empty policy-support cache and no retries, so each call probes HBR once. */
const freshClients = () => createCloudClients(parseEnv({ ...process.env, EMULATOR_PORT: String(kit.emulator.port), CLOUD_MAX_ATTEMPTS: "1" }));

describe("listRegions", () => {
  it("lists the account's regions with policy support probed from HBR and app-consistency from the seed", async () => {
    const regions = await listRegions(kit.cloud);
    expect(regionListSchema.parse({ regions }).regions).toEqual(
      expect.arrayContaining([
        { regionId: "ap-southeast-1", localName: "Singapore", policySupported: true, appConsistentSupported: true },
        { regionId: "cn-hongkong", localName: "China (Hong Kong)", policySupported: true, appConsistentSupported: true },
        { regionId: "cn-hangzhou", localName: "China (Hangzhou)", policySupported: true, appConsistentSupported: false },
        { regionId: "cn-shanghai", localName: "China (Shanghai)", policySupported: false, appConsistentSupported: false },
        { regionId: "ap-northeast-1", localName: "Japan (Tokyo)", policySupported: false, appConsistentSupported: false },
      ]),
    );
    // The emulator's own view agrees with what the probe found.
    const truth = await kit.admin<{ regions: { regionId: string; policySupported: boolean }[] }>("regions");
    for (const r of truth.regions) expect(regions.find((x) => x.regionId === r.regionId)?.policySupported).toBe(r.policySupported);
  });

  it("probes each region once and answers from the cache afterwards", async () => {
    await listRegions(kit.cloud);
    // Policy calls now fail everywhere: a fresh probe would throw, a cached answer does not.
    await kit.admin("faults", "POST", { action: "DescribePoliciesV2", rate: 1, kind: "error5xx" });
    try {
      const regions = await listRegions(kit.cloud);
      expect(regions.find((r) => r.regionId === "ap-southeast-1")?.policySupported).toBe(true);
    } finally {
      await kit.admin("faults", "DELETE");
    }
  });
});

describe("a region whose policy probe fails", () => {
  it.each([
    ["a permanent error HBR has no rule for", { kind: "error", status: 403, code: "ServiceNotActivated", message: "HBR is not activated" }],
    ["a 503", { kind: "error5xx" }],
    ["a dropped connection", { kind: "reset" }],
  ])("is listed with policy support unknown after %s; the others keep their answer", async (_name, fault) => {
    await kit.admin("faults", "POST", { action: "DescribePoliciesV2", rate: 1, regionId: "cn-hangzhou", ...fault });
    try {
      const regions = regionListSchema.parse({ regions: await listRegions(freshClients()) }).regions;
      expect(regions.find((r) => r.regionId === "cn-hangzhou")).toEqual({ regionId: "cn-hangzhou", localName: "China (Hangzhou)", policySupported: null, appConsistentSupported: false });
      expect(regions.find((r) => r.regionId === "ap-southeast-1")?.policySupported).toBe(true);
      expect(regions.find((r) => r.regionId === "cn-shanghai")?.policySupported).toBe(false);
    } finally {
      await kit.admin("faults", "DELETE");
    }
  });

  it("is a 503 for a use case in that region, and is asked again (not cached) once HBR answers", async () => {
    const cloud = freshClients();
    await kit.admin("faults", "POST", { action: "DescribePoliciesV2", rate: 1, kind: "error5xx", regionId: "cn-hangzhou" });
    try {
      const err = await getRegionOrThrow(cloud, "cn-hangzhou").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ code: "UNAVAILABLE", status: 503, message: expect.stringMatching(/China \(Hangzhou\).*\(ServiceUnavailable, RequestId [\w-]+\)\. Try again/) });
      expect(await getRegionOrThrow(cloud, "ap-southeast-1")).toMatchObject({ policySupported: true });
    } finally {
      await kit.admin("faults", "DELETE");
    }
    expect(await getRegionOrThrow(cloud, "cn-hangzhou")).toMatchObject({ policySupported: true });
  });
});

describe("getRegionOrThrow", () => {
  it("returns one region and 404s an unknown one", async () => {
    expect(await getRegionOrThrow(kit.cloud, "cn-shanghai")).toMatchObject({ regionId: "cn-shanghai", policySupported: false });
    const err = await getRegionOrThrow(kit.cloud, "eu-nowhere-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "NOT_FOUND", message: "Unknown region" });
  });
});
