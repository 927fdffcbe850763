import type { BackupJob } from "@/generated/prisma/client";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import type { Restore } from "@/lib/schemas/restore";
import type { CloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { runGuestCommand } from "@/lib/server/instances/run-guest-command";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { syncPlanJobs } from "@/lib/server/plans/sync-plan-jobs";
import { getRestoreOrThrow } from "@/lib/server/restores/request-restore";
import type { PlanWorld } from "@/lib/server/testing/plan-world";
import { untilPlan } from "@/lib/server/testing/plan-world";

let counter = 0;

/**
 * A real backup point of one instance: a Manual Backup plan made through the console (its first backup starts when
 * it is provisioned by the live worker), synced until its backup point (HBR snapshot) is recorded. The test emulator
 * runs 50× faster than wall time, so its clock is never moved on: HBR's times stay near the console's. `replicateTo` adds Replication to Other Region.
 */
export async function backupPointOf(world: PlanWorld, regionId: string, instanceId: string, opts: { replicateTo?: string } = {}): Promise<BackupJob> {
  const input = defaultPlanInput(regionId);
  input.name = `restore-src-${Date.now()}-${++counter}`;
  input.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
  if (opts.replicateTo) input.replication = { enabled: true, destinationRegionId: opts.replicateTo, retention: { value: 7, unit: "days" } };
  const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
  await untilPlan(plan.id, (p) => p.status === "active" || p.status === "failed", 40_000);
  const deadline = Date.now() + 30_000;
  for (;;) {
    await syncPlanJobs({ db: getDb(), cloud: world.cloud }, plan.id);
    const job = await getDb().backupJob.findFirst({ where: { planId: plan.id, hbrSnapshotId: { not: null }, ...(opts.replicateTo ? { replicaRegionId: opts.replicateTo } : {}) } });
    if (job) return job;
    if (Date.now() > deadline) {
      const p = await getDb().plan.findUnique({ where: { id: plan.id }, include: { jobs: true, steps: true } });
      throw new Error(`plan ${plan.id} made no backup point: ${JSON.stringify(p, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Polls the restore until `done` holds; `advanceSeconds` moves the emulator's clock on each time (keep it small: HBR's times must stay within an hour of the console's). */
export async function untilRestore(world: PlanWorld, restoreId: string, done: (r: Restore) => boolean, opts: { advanceSeconds?: number; timeoutMs?: number } = {}): Promise<Restore> {
  const deadline = Date.now() + (opts.timeoutMs ?? 40_000);
  for (;;) {
    const r = await getRestoreOrThrow(getDb(), restoreId);
    if (done(r)) return r;
    if (Date.now() > deadline) throw new Error(`timed out; restore is ${r.status}: ${JSON.stringify({ steps: r.steps, lastError: r.lastError, progress: r.progress })}`);
    if (opts.advanceSeconds) await world.kit.admin("clock/advance", "POST", { seconds: opts.advanceSeconds });
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const isRestoreOver = (r: Restore) => r.status === "succeeded" || r.status === "failed" || r.status === "canceled";

/** Runs a shell script in the guest through Cloud Assistant and returns its output (fails the test otherwise). */
export async function guestShell(cloud: CloudClients, regionId: string, instanceId: string, script: string): Promise<string> {
  const result = await runGuestCommand(cloud, regionId, instanceId, "linux", script, { timeoutMs: 20_000, name: "restore-test" });
  if (!result.isDone) throw new Error(`guest command did not finish on ${instanceId}: ${result.reason}`);
  return result.output;
}
