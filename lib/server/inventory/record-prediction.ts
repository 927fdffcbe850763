import "server-only";
import type { Prerequisites } from "@/lib/schemas/inventory";
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
