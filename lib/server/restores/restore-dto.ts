import "server-only";
import type { Prisma, Restore as RestoreRow } from "@/generated/prisma/client";
import { backupPointSchema, restoreStepNames, restoreStepSchema, type Restore, type RestoreKind, type RestoreStatus, type RestoreStepName } from "@/lib/schemas/restore";
import { cloudErrorOf } from "@/lib/server/cloud/cloud-error";

export type RestoreStep = Restore["steps"][number];

/** Steps as stored (JSON); the schema reads them back, in restoreStepNames order. */
export const stepsJson = (steps: RestoreStep[]) => steps as unknown as Prisma.InputJsonValue;

export function stepsOf(value: unknown): RestoreStep[] {
  const parsed = restoreStepSchema.array().safeParse(value);
  const byName = new Map((parsed.success ? parsed.data : []).map((s) => [s.name, s]));
  return restoreStepNames.map((name) => byName.get(name) ?? { name, status: "skipped", detail: null });
}

/** The steps a new restore starts with: those that apply pending, the others skipped. */
export function initialSteps(applies: Record<RestoreStepName, boolean>): RestoreStep[] {
  return restoreStepNames.map((name) => ({ name, status: applies[name] ? "pending" : "skipped", detail: null }));
}

export function toRestore(row: RestoreRow): Restore {
  const request = (row.request && typeof row.request === "object" ? row.request : {}) as Record<string, unknown>;
  return {
    id: row.id,
    kind: row.kind as RestoreKind,
    status: row.status as RestoreStatus,
    progress: Math.max(0, Math.min(100, row.progress)),
    steps: stepsOf(row.steps),
    backupPoint: backupPointSchema.parse(row.backupPoint),
    restoreRegionId: row.restoreRegionId,
    request,
    resultInstanceId: row.resultInstanceId,
    cloudRestoreJobId: row.cloudRestoreJobId,
    backUpFirstJobId: row.backUpFirstJobId,
    lastError: cloudErrorOf(row.lastError),
    requestedBy: row.requestedById ? { id: row.requestedById, name: row.requestedByName ?? row.requestedById } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
