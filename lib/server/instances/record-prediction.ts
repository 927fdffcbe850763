import "server-only";
import { prerequisitesSchema, type Prerequisites } from "@/lib/schemas/instances";
import type { Db } from "@/lib/server/db/client";

/**
 * Keeps the latest predicted level on every application-consistent plan's row for the instance, so each backup
 * job can be compared with what the checklist said (the dashboard flags a job that reached another level).
 */
export async function recordPrediction(db: Db, instanceId: string, prerequisites: Pick<Prerequisites, "predicted" | "checkedAt">): Promise<number> {
  const res = await db.planInstance.updateMany({
    where: { instanceId, plan: { appConsistent: true } },
    data: { predictedLevel: prerequisites.predicted.level, predictedReason: prerequisites.predicted.reason, predictedAt: new Date(prerequisites.checkedAt) },
  });
  return res.count;
}

/** Keeps a live check as the instance's last recorded checklist (what viewers read) and records its prediction. */
export async function recordCheck(db: Db, regionId: string, prerequisites: Prerequisites): Promise<void> {
  const checkedAt = new Date(prerequisites.checkedAt);
  const result = prerequisitesSchema.parse(prerequisites);
  await db.prerequisiteCheck.upsert({
    where: { instanceId: prerequisites.instanceId },
    create: { instanceId: prerequisites.instanceId, regionId, result, checkedAt },
    update: { regionId, result, checkedAt },
  });
  await recordPrediction(db, prerequisites.instanceId, prerequisites);
}

/** The last checklist a live check read for the instance in that region, or null when none has been read yet. */
export async function readRecordedCheck(db: Db, regionId: string, instanceId: string): Promise<Prerequisites | null> {
  const row = await db.prerequisiteCheck.findFirst({ where: { instanceId, regionId } });
  return row ? prerequisitesSchema.parse(row.result) : null;
}
