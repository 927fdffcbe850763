import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_POINT_WAIT_S } from "@/lib/schemas/backup-point";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";
import { sweepPlans } from "@/lib/server/worker/worker";

// The sweep queues a job sync again for exactly the plans with a job still to follow whose last sync is stale.

let boss: PgBoss;
beforeAll(async () => {
  boss = await startBoss(databaseUrl(), () => {}, { supervise: false });
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
});

const uid = () => randomUUID().replaceAll("-", "").slice(0, 12);
const ago = (s: number) => new Date(Date.now() - s * 1000);

async function planWithJob(job: { status: string; syncedAgoS: number; completedAgoS?: number; consistencyLevel?: string }) {
  const id = `plan_${uid()}`;
  await getDb().plan.create({ data: { id, name: id, regionId: "cn-hangzhou", mode: "auto", scheduleKind: "newPolicy", status: "active", config: {}, appConsistent: false } });
  await getDb().backupJob.create({
    data: {
      id: `bjob_${uid()}`, planId: id, cloudJobId: `job-${uid()}`, instanceId: "i-x", status: job.status, snapshotIds: [], cloudCreatedAt: ago(7200),
      syncedAt: ago(job.syncedAgoS), completedAt: job.completedAgoS === undefined ? null : ago(job.completedAgoS), consistencyLevel: job.consistencyLevel ?? null,
    },
  });
  return id;
}

describe("sweepPlans", () => {
  it("queues the job sync of plans with a running job or a backup point still to read, and of no other", async () => {
    const running = await planWithJob({ status: "RUNNING", syncedAgoS: 60 });
    const awaiting = await planWithJob({ status: "COMPLETE", syncedAgoS: 60, completedAgoS: 30 });
    const fresh = await planWithJob({ status: "RUNNING", syncedAgoS: 0 });
    const leveled = await planWithJob({ status: "COMPLETE", syncedAgoS: 60, completedAgoS: 30, consistencyLevel: "CRASH" });
    const givenUp = await planWithJob({ status: "COMPLETE", syncedAgoS: 60, completedAgoS: BACKUP_POINT_WAIT_S + 600 });
    const failed = await planWithJob({ status: "FAILED", syncedAgoS: 60, completedAgoS: 30 });
    await sweepPlans(getDb(), boss);
    const queued = await getDb().$queryRaw<{ planId: string }[]>`SELECT data->>'planId' AS "planId" FROM pgboss.job WHERE name = 'plan.sync-jobs'`;
    const ids = new Set(queued.map((q) => q.planId));
    expect(ids.has(running)).toBe(true);
    expect(ids.has(awaiting)).toBe(true);
    for (const other of [fresh, leveled, givenUp, failed]) expect(ids.has(other)).toBe(false);
  });
});
