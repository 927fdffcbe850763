import "server-only";
import { DEFAULT_DRILL_SETTINGS, drillSettingsSchema, nextDrillDue, type DrillHistory, type DrillSettings, type LastVerified } from "@/lib/schemas/drill";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Db } from "@/lib/server/db/client";
import { toDrillRuns } from "@/lib/server/drills/drill-dto";
import { ApiError } from "@/lib/server/http/api-error";

// A plan's drill settings (weekly schedule + the probe scheduled drills run) and its drill history.

async function planExists(db: Db, planId: string): Promise<void> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { id: true } });
  if (!plan) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
}

type PlanDrillRow = { schedule: unknown; probe: unknown; nextDueAt: Date | null; verifiedAt: Date | null; verifiedRtoS: number | null } | null;

function settingsOf(row: PlanDrillRow): DrillSettings {
  const parsed = drillSettingsSchema.safeParse({ schedule: row?.schedule, probe: row?.probe });
  return parsed.success ? parsed.data : DEFAULT_DRILL_SETTINGS;
}

export const lastVerifiedOf = (row: PlanDrillRow): LastVerified =>
  row?.verifiedAt && row.verifiedRtoS !== null ? { at: row.verifiedAt.toISOString(), rtoSeconds: row.verifiedRtoS } : null;

export async function getDrillSettings(db: Db, planId: string): Promise<DrillSettings> {
  await planExists(db, planId);
  return settingsOf(await db.planDrill.findUnique({ where: { planId } }));
}

/** PUT /api/plans/{planId}/drill-settings: saves, moves the next due time, audits the change. */
export async function updateDrillSettings(db: Db, planId: string, settings: DrillSettings, actor: { id: string; requestId?: string }, now = new Date()): Promise<DrillSettings> {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, select: { id: true } });
    if (!plan) throw new ApiError("NOT_FOUND", "No such protection plan. It may have been deleted.");
    const before = await tx.planDrill.findUnique({ where: { planId } });
    const nextDueAt = nextDrillDue(settings.schedule, now);
    await tx.planDrill.upsert({
      where: { planId },
      create: { planId, schedule: settings.schedule, probe: settings.probe, nextDueAt },
      update: { schedule: settings.schedule, probe: settings.probe, nextDueAt },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "plan.drill_settings",
      targetType: "plan",
      targetId: planId,
      before: before ? settingsOf(before) : null,
      after: settings,
      requestId: actor.requestId,
    });
    return settings;
  });
}

/** GET /api/plans/{planId}/drills: the newest runs (of one instance, if asked), the proof, the settings. */
export async function listDrills(db: Db, planId: string, q: { instanceId?: string; limit: number }): Promise<DrillHistory> {
  await planExists(db, planId);
  const [rows, planDrill] = await Promise.all([
    db.drillRun.findMany({ where: { planId, ...(q.instanceId ? { instanceId: q.instanceId } : {}) }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: q.limit }),
    db.planDrill.findUnique({ where: { planId } }),
  ]);
  return { runs: await toDrillRuns(db, rows), lastVerified: lastVerifiedOf(planDrill), settings: settingsOf(planDrill), nextDueAt: planDrill?.nextDueAt?.toISOString() ?? null };
}
