import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { getDb } from "@/lib/server/db/client";
import { demo } from "@/lib/server/testing/inventory-test-kit";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

const world = setUpPlanWorld();

describe("following a plan's backup jobs", () => {
  it("records a finished job in the same write as the consistency its backup point reached, so no reader sees it finished without it", async () => {
    const db = getDb();
    // Every state a backup job row is written in, as any reader (the plan page) could see it.
    await db.$executeRawUnsafe(`CREATE TABLE "job_state_seen" ("seq" serial, "status" text, "level" text)`);
    await db.$executeRawUnsafe(
      `CREATE FUNCTION "see_job_state"() RETURNS trigger AS $$ BEGIN INSERT INTO "job_state_seen" ("status", "level") VALUES (NEW."status", NEW."consistencyLevel"); RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER "see_job_state" AFTER INSERT OR UPDATE ON "backup_job" FOR EACH ROW EXECUTE FUNCTION "see_job_state"()`);

    const input = defaultPlanInput("ap-southeast-1");
    input.name = `follow-${Date.now()}`;
    input.backupObjects.instances = [{ instanceId: demo.sgMysql, protectAllDisks: true, diskIds: [] }];
    input.appConsistency.enabled = true;
    const { plan } = await createPlan({ db, boss: world.boss, inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
    await untilPlan(plan.id, (p) => p.jobs.some((j) => j.consistencyLevel !== null), 20_000);

    const seen = await db.$queryRawUnsafe<{ status: string; level: string | null }[]>(`SELECT "status", "level" FROM "job_state_seen" ORDER BY "seq"`);
    expect(seen.map((s) => s.status)).toContain("COMPLETE");
    expect(seen.filter((s) => ["COMPLETE", "PARTIAL_COMPLETE"].includes(s.status) && s.level === null)).toEqual([]);
    expect(seen.at(-1)).toEqual({ status: "COMPLETE", level: "APPLICATION" });
  });
});
