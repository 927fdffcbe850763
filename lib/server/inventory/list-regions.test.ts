import { describe, expect, it } from "vitest";
import { regionListSchema } from "@/lib/schemas/inventory";
import { ApiError } from "@/lib/server/http/api-error";
import { setUpInventoryEmulator } from "@/lib/server/inventory/inventory-test-kit";
import { getRegionOrThrow, listRegions } from "@/lib/server/inventory/list-regions";

const kit = setUpInventoryEmulator();

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

describe("getRegionOrThrow", () => {
  it("returns one region and 404s an unknown one", async () => {
    expect(await getRegionOrThrow(kit.cloud, "cn-shanghai")).toMatchObject({ regionId: "cn-shanghai", policySupported: false });
    const err = await getRegionOrThrow(kit.cloud, "eu-nowhere-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "NOT_FOUND", message: "Unknown region" });
  });
});
