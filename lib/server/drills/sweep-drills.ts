import "server-only";
import type { PgBoss } from "pg-boss";
import { DRILL_NAME_PREFIX } from "@/lib/schemas/drill";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { deleteInstance, listDrillInstances } from "@/lib/server/drills/drill-cloud";
import { stepsOf } from "@/lib/server/drills/drill-dto";
import { refreshPlanVerification } from "@/lib/server/drills/plan-verification";
import { OPEN_DRILL_STATUSES } from "@/lib/server/drills/request-drill";
import { queues } from "@/lib/server/jobs/queues";

// The drill sweeper, run from the worker's periodic timer. A drill instance is billed while it exists, so whatever
// happens to the run (a `kill -9` of the worker mid-drill, a plan deleted with its runs, a run that never ends),
// any instance tagged `hbr-console:drill` or named `hbr-drill-…` is deleted once its run is final, unknown, or
// older than the bound. A run older than the bound is given up as failed.

/** A drill that has not ended after this long is abandoned (its instance deleted, the run failed). */
export const DRILL_MAX_AGE_MS = 2 * 60 * 60_000;
const STALE_MS = 5_000;

export interface DrillSweepResult {
  requeued: number;
  abandoned: number;
  deleted: string[];
}

const runIdOf = (i: { instanceName: string; tagRunId: string | null }) =>
  i.tagRunId ?? (i.instanceName.startsWith(DRILL_NAME_PREFIX) ? i.instanceName.slice(DRILL_NAME_PREFIX.length) : null);

/** Queues again every open run whose job died (a live one makes the send a no-op); gives up runs past the bound. */
export async function requeueDrills(deps: { db: Db; boss: PgBoss }, opts: { maxRunAgeMs?: number; now?: Date } = {}): Promise<Pick<DrillSweepResult, "requeued" | "abandoned">> {
  const now = opts.now ?? new Date();
  const bound = new Date(now.getTime() - (opts.maxRunAgeMs ?? DRILL_MAX_AGE_MS));
  const open = await deps.db.drillRun.findMany({
    where: { status: { in: OPEN_DRILL_STATUSES }, createdAt: { lt: new Date(now.getTime() - STALE_MS) } },
    select: { id: true, createdAt: true, planId: true, steps: true },
    take: 500,
  });
  let requeued = 0;
  let abandoned = 0;
  for (const r of open) {
    if (r.createdAt < bound) {
      const steps = stepsOf(r.steps).map((s) => (s.status === "running" || s.status === "pending" ? { ...s, status: "skipped" as const } : s));
      const done = await deps.db.drillRun.updateMany({
        where: { id: r.id, status: { in: OPEN_DRILL_STATUSES } },
        data: {
          status: "failed",
          verdict: "failed",
          steps,
          finishedAt: now,
          lastError: { code: "DrillAbandoned", message: `The drill did not end within ${Math.round((opts.maxRunAgeMs ?? DRILL_MAX_AGE_MS) / 60_000)} min; its instance is deleted by the sweeper.`, requestId: null },
        },
      });
      if (done.count) {
        abandoned++;
        await refreshPlanVerification(deps.db, r.planId).catch(() => undefined);
      }
      continue;
    }
    if (await deps.boss.send(queues.drillRun.name, { runId: r.id }, { singletonKey: r.id })) requeued++;
  }
  return { requeued, abandoned };
}

/** Deletes the drill instances of every region the console knows whose run is final, unknown or past the bound. */
export async function deleteOrphanDrillInstances(deps: { db: Db; cloud: CloudClients }, opts: { maxRunAgeMs?: number; now?: Date } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  const bound = new Date(now.getTime() - (opts.maxRunAgeMs ?? DRILL_MAX_AGE_MS));
  const regions = new Set<string>();
  for (const p of await deps.db.plan.findMany({ select: { regionId: true }, distinct: ["regionId"] })) regions.add(p.regionId);
  for (const r of await deps.db.drillRun.findMany({ select: { restoreRegionId: true }, distinct: ["restoreRegionId"] })) regions.add(r.restoreRegionId);
  const deleted: string[] = [];
  for (const regionId of regions) {
    const instances = (await listDrillInstances(deps.cloud, regionId)).filter((i) => i.status !== "Deleted");
    if (!instances.length) continue;
    const runIds = [...new Set(instances.map(runIdOf).filter((id): id is string => !!id))];
    const runs = new Map((await deps.db.drillRun.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, createdAt: true, instanceId: true } })).map((r) => [r.id, r]));
    for (const i of instances) {
      const runId = runIdOf(i);
      const run = runId ? runs.get(runId) : undefined;
      if (run && run.instanceId === i.instanceId) continue; // never a backed-up instance
      const isOrphan = !run || run.status === "passed" || run.status === "failed" || run.createdAt < bound;
      if (!isOrphan) continue;
      await deleteInstance(deps.cloud, regionId, i.instanceId);
      deleted.push(i.instanceId);
      if (run) await deps.db.drillRun.updateMany({ where: { id: run.id, instanceDeletedAt: null }, data: { instanceDeletedAt: now } });
    }
  }
  return deleted;
}

/** One sweep: re-queue or give up open runs, then delete orphaned drill instances. */
export async function sweepDrills(deps: { db: Db; cloud: CloudClients; boss: PgBoss }, opts: { maxRunAgeMs?: number; now?: Date; cloud?: boolean } = {}): Promise<DrillSweepResult> {
  const { requeued, abandoned } = await requeueDrills(deps, opts);
  const deleted = opts.cloud === false ? [] : await deleteOrphanDrillInstances(deps, opts);
  return { requeued, abandoned, deleted };
}
