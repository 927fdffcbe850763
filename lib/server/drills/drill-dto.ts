import "server-only";
import type { DrillRun as DrillRunRow } from "@/generated/prisma/client";
import { drillStepNames, probeSchema, DEFAULT_PROBE, type DrillRun, type DrillStatus, type DrillStep } from "@/lib/schemas/drill";
import { cloudErrorOf } from "@/lib/server/cloud/cloud-error";
import type { Db } from "@/lib/server/db/client";

/** Every step pending: a new run's `steps`. */
export const initialDrillSteps = (): DrillStep[] => drillStepNames.map((name) => ({ name, status: "pending", detail: null, at: null }));

export function stepsOf(value: unknown): DrillStep[] {
  const saved = Array.isArray(value) ? (value as DrillStep[]) : [];
  return drillStepNames.map((name) => saved.find((s) => s?.name === name) ?? { name, status: "pending", detail: null, at: null });
}

export function toDrillRun(row: DrillRunRow, requesters: Map<string, string>): DrillRun {
  const probe = probeSchema.safeParse(row.probe);
  return {
    id: row.id,
    planId: row.planId,
    instanceId: row.instanceId,
    instanceName: row.instanceName,
    status: row.status as DrillStatus,
    trigger: row.trigger === "schedule" ? "schedule" : "manual",
    steps: stepsOf(row.steps),
    probe: probe.success ? probe.data : DEFAULT_PROBE,
    backupPoint: row.backupJobId && row.hbrSnapshotId ? { backupJobId: row.backupJobId, hbrSnapshotId: row.hbrSnapshotId, createdAt: row.snapshotAt?.toISOString() ?? null } : null,
    restoreRegionId: row.restoreRegionId,
    restoreJobId: row.restoreJobId,
    drillInstanceId: row.drillInstanceId,
    rtoSeconds: row.rtoSeconds,
    probeOutput: row.probeOutput,
    probeExitCode: row.probeExitCode,
    lastError: cloudErrorOf(row.lastError),
    instanceDeletedAt: row.instanceDeletedAt?.toISOString() ?? null,
    requestedBy: row.requestedById ? { id: row.requestedById, name: requesters.get(row.requestedById) ?? row.requestedById } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The runs as the API shows them, with who asked (name, else email). */
export async function toDrillRuns(db: Pick<Db, "user">, rows: DrillRunRow[]): Promise<DrillRun[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.requestedById ? [r.requestedById] : [])))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name || u.email]));
  return rows.map((r) => toDrillRun(r, names));
}
