import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/server/http/api-error";
import { getInstanceOrThrow } from "@/lib/server/instances/get-instances-by-ids";
import { instanceExists } from "@/lib/server/instances/instance-exists";
import { demo, setUpInventoryEmulator } from "@/lib/server/testing/inventory-test-kit";

// One look-up of one instance, shared by the instance page, the instance detail and the instance tasks.

const kit = setUpInventoryEmulator();
const SG = "ap-southeast-1";

async function notFound(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe("NOT_FOUND");
  return err as ApiError;
}

describe("getInstanceOrThrow", () => {
  it("gives the instance as the inventory shows it", async () => {
    const instance = await getInstanceOrThrow(kit.cloud, SG, demo.sgMysql);
    expect(instance).toMatchObject({ instanceId: demo.sgMysql, instanceName: "sg-db-mysql-01", regionId: SG });
    expect(instance.disks.length).toBeGreaterThan(0);
  });

  it("answers 404 with a field error for an instance ECS does not know in the region", async () => {
    const err = await notFound(getInstanceOrThrow(kit.cloud, SG, "i-t4nnosuchinstance0"));
    expect(err.message).toBe("Unknown instance");
    expect(err.fieldErrors).toEqual({ instanceId: [`i-t4nnosuchinstance0 is not an ECS instance in ${SG}`] });
  });

  it("answers 404 for a region the account does not have", async () => {
    await notFound(getInstanceOrThrow(kit.cloud, "xx-nowhere-1", demo.sgMysql));
  });
});

describe("instanceExists", () => {
  it("is true for a known instance, false for an unknown instance or region", async () => {
    expect(await instanceExists(kit.cloud, SG, demo.sgMysql)).toBe(true);
    expect(await instanceExists(kit.cloud, SG, "i-t4nnosuchinstance0")).toBe(false);
    expect(await instanceExists(kit.cloud, "xx-nowhere-1", demo.sgMysql)).toBe(false);
  });
});
