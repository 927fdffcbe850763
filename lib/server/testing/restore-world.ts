import { expect } from "vitest";
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
 * it is provisioned by the live worker), the emulator's clock moved on until the backup finished, and the job synced
 * until its backup point (HBR snapshot) is recorded. `replicateTo` adds Replication to Other Region.
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
    await world.kit.admin("clock/advance", "POST", { seconds: 900 });
    await syncPlanJobs({ db: getDb(), cloud: world.cloud }, plan.id);
    const job = await getDb().backupJob.findFirst({ where: { planId: plan.id, hbrSnapshotId: { not: null }, ...(opts.replicateTo ? { replicaRegionId: opts.replicateTo } : {}) } });
    if (job) return job;
    expect(Date.now(), `plan ${plan.id} made no backup point`).toBeLessThan(deadline);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Polls the restore until `done` holds, moving the emulator's clock on by `advanceSeconds` each time (HBR's and ECS's work is clock-driven). */
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
