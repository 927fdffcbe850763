import pino from "pino";
import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { demo } from "@/lib/server/testing/inventory-test-kit";
import { createPlan } from "@/lib/server/plans/create-plan";
import { getPlanOrThrow } from "@/lib/server/plans/get-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { provisionPlan } from "@/lib/server/plans/provision-plan";
import { reachedLevelOf, syncPlanJobs } from "@/lib/server/plans/sync-plan-jobs";
import { setUpQueueWorld } from "@/lib/server/testing/plan-world";
import { signedInUser } from "@/lib/server/testing/users";

const world = setUpQueueWorld();

/** A manual plan in Singapore for one instance, provisioned (its backup job created) and run to completion in the emulator. */
async function backedUp(instanceId: string, appConsistent: boolean) {
  const admin = await signedInUser("admin");
  const input = defaultPlanInput("ap-southeast-1");
  input.name = `level-${Date.now()}-${instanceId}`;
  input.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
  input.appConsistency.enabled = appConsistent;
  const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.kit.cloud) }, createPlanSchema.parse(input), { id: admin.id });
  expect(await provisionPlan({ db: getDb(), cloud: world.kit.cloud, log: pino({ level: "silent" }), workerId: "w-test" }, plan.id)).toBe("active");
  await world.kit.admin("clock/advance", "POST", { seconds: 900 });
  const [job] = await getDb().backupJob.findMany({ where: { planId: plan.id }, orderBy: { cloudCreatedAt: "asc" } });
  return { planId: plan.id, cloudJobId: job!.cloudJobId };
}

/** HBR reports a ConsistentLevel the console has never seen for this job's backup (a level added after it was written). */
function hbrReports(cloudJobId: string, level: string) {
  for (const account of world.kit.emulator.emulator.store.accounts.values())
    for (const s of account.region("ap-southeast-1")?.hbrSnapshots.values() ?? [])
      if (s.jobId === cloudJobId) s.consistency = { ...s.consistency, level: level as never };
}

describe("the level a backup reached", () => {
  it("takes HBR's known levels, else what the ECS tags positively say, else unknown", () => {
    expect(reachedLevelOf("FILE_SYSTEM", "APPLICATION")).toBe("FILE_SYSTEM");
    expect(reachedLevelOf("APP_FS_V2", "APPLICATION")).toBe("APPLICATION");
    expect(reachedLevelOf("APP_FS_V2", "FILE_SYSTEM")).toBe("FILE_SYSTEM");
    // No tag is no proof of crash consistency when HBR's own report is unreadable.
    expect(reachedLevelOf("APP_FS_V2", "CRASH")).toBeNull();
    expect(reachedLevelOf(undefined, null)).toBeNull();
  });

  it("an unknown HBR level with no consistency tag is stored as unknown with HBR's text, shown as such, and not read again", async () => {
    const { planId, cloudJobId } = await backedUp(demo.sgWin2019, false);
    hbrReports(cloudJobId, "SNAPSHOT_ONLY");
    await syncPlanJobs({ db: getDb(), cloud: world.kit.cloud }, planId);
    const row = await getDb().backupJob.findUniqueOrThrow({ where: { cloudJobId } });
    expect(row).toMatchObject({ status: "COMPLETE", consistencyLevel: null, consistencyRaw: "SNAPSHOT_ONLY", tagConsistency: "CRASH" });
    expect(row.hbrSnapshotId).toMatch(/^s-/);
    const detail = await getPlanOrThrow(getDb(), planId);
    expect(detail.jobs[0]).toMatchObject({ consistencyLevel: null, consistencyRaw: "SNAPSHOT_ONLY" });
    // Read once: the next pass has nothing open for this plan.
    expect(await syncPlanJobs({ db: getDb(), cloud: world.kit.cloud }, planId)).toBe(false);
    expect((await getDb().backupJob.findUniqueOrThrow({ where: { cloudJobId } })).syncedAt).toEqual(row.syncedAt);
  });

  it("an unknown HBR level is not settled while the ECS tags cannot be read; the next pass settles it", async () => {
    const { planId, cloudJobId } = await backedUp(demo.sgAlinuxMode755, false);
    hbrReports(cloudJobId, "SNAPSHOT_ONLY");
    await world.kit.admin("faults", "POST", { action: "DescribeSnapshots", rate: 1, kind: "error", status: 403, code: "Forbidden.RAM" });
    try {
      expect(await syncPlanJobs({ db: getDb(), cloud: world.kit.cloud }, planId)).toBe(true);
      expect(await getDb().backupJob.findUniqueOrThrow({ where: { cloudJobId } })).toMatchObject({ consistencyLevel: null, consistencyRaw: null, tagConsistency: null });
    } finally {
      await world.kit.admin("faults", "DELETE");
    }
    expect(await syncPlanJobs({ db: getDb(), cloud: world.kit.cloud }, planId)).toBe(false);
    expect(await getDb().backupJob.findUniqueOrThrow({ where: { cloudJobId } })).toMatchObject({ consistencyLevel: null, consistencyRaw: "SNAPSHOT_ONLY", tagConsistency: "CRASH" });
  });

  it("an unknown HBR level on an application-consistent backup takes the ECS tags' level and keeps HBR's text", async () => {
    const { planId, cloudJobId } = await backedUp(demo.sgMysql, true);
    hbrReports(cloudJobId, "APP_CONSISTENT_V2");
    await syncPlanJobs({ db: getDb(), cloud: world.kit.cloud }, planId);
    expect(await getDb().backupJob.findUniqueOrThrow({ where: { cloudJobId } })).toMatchObject({
      consistencyLevel: "APPLICATION",
      consistencyRaw: "APP_CONSISTENT_V2",
      tagConsistency: "APPLICATION",
    });
    expect((await getPlanOrThrow(getDb(), planId)).jobs[0]).toMatchObject({ consistencyLevel: "APPLICATION", consistencyRaw: null });
  });
});
