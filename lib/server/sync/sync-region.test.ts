import pino from "pino";
import { describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { getDb } from "@/lib/server/db/client";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { provisionPlan } from "@/lib/server/plans/provision-plan";
import { syncRegion } from "@/lib/server/sync/sync-region";
import { setUpQueueWorld } from "@/lib/server/testing/plan-world";
import { signedInUser } from "@/lib/server/testing/users";

const world = setUpQueueWorld();

describe("region sync and dashboard", () => {
  it("pulls a schedule's jobs into their plan once, follows them to their consistency, and the dashboard counts them", async () => {
    const admin = await signedInUser("admin");
    const input = defaultPlanInput("cn-shanghai");
    input.name = `sync-${Date.now()}`;
    input.backupObjects.instances = [{ instanceId: "i-uf6demo000000002", protectAllDisks: true, diskIds: [] }];
    const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: start, interval: { value: 1, unit: "hours" }, retention: { value: 7, unit: "days" } } };
    const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.kit.cloud) }, createPlanSchema.parse(input), { id: admin.id });
    expect(await provisionPlan({ db: getDb(), cloud: world.kit.cloud, log: pino({ level: "silent" }), workerId: "w-test" }, plan.id)).toBe("active");

    // The schedule fires on the emulator's clock; then the job runs to completion.
    await world.kit.admin("clock/advance", "POST", { seconds: 120 });
    await world.kit.admin("clock/advance", "POST", { seconds: 3600 });

    const first = await syncRegion({ db: getDb(), cloud: world.kit.cloud }, "cn-shanghai");
    expect(first.discovered).toBeGreaterThanOrEqual(1);
    const again = await syncRegion({ db: getDb(), cloud: world.kit.cloud }, "cn-shanghai");
    expect(again.discovered).toBeGreaterThanOrEqual(0);
    const jobs = await getDb().backupJob.findMany({ where: { planId: plan.id }, orderBy: { cloudCreatedAt: "asc" } });
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    expect(new Set(jobs.map((j) => j.cloudJobId)).size).toBe(jobs.length);

    const done = jobs.filter((j) => j.status === "COMPLETE");
    expect(done.length).toBeGreaterThanOrEqual(1);
    // Shanghai does not offer application consistency, and none was asked: crash consistent. (The first job: one
    // that finished at the clock's last step may still wait for its backup point to be listed.)
    expect(done[0]!.consistencyLevel).toBe("CRASH");

    const dashboard = await getDashboard(getDb(), "cn-shanghai");
    expect(dashboard.plansByStatus.active).toBeGreaterThanOrEqual(1);
    expect(dashboard.protectedInstances).toBeGreaterThanOrEqual(1);
    expect(dashboard.appConsistentLast30d.finished).toBeGreaterThanOrEqual(done.length);
    expect(dashboard.backupsPerDay).toHaveLength(30);
    expect(dashboard.backupsPerDay.at(-1)!.CRASH + dashboard.backupsPerDay.at(-2)!.CRASH).toBeGreaterThanOrEqual(1);
  });
});
