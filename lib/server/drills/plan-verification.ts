import "server-only";
import { DEFAULT_DRILL_SETTINGS } from "@/lib/schemas/drill";
import type { Db, Tx } from "@/lib/server/db/client";

/**
 * Recomputes a plan's proof (plan_drill.verifiedAt / verifiedRtoS): every instance of the plan has a passed
 * drill; `verifiedAt` is the oldest of their newest passes, the RTO the slowest of those runs. Null when an
 * instance never passed. Called by the worker whenever a run of the plan ends.
 */
export async function refreshPlanVerification(db: Db | Tx, planId: string): Promise<void> {
  const rows = await db.$queryRaw<{ instances: number; verified: number; at: Date | null; rto: number | null }[]>`
    SELECT count(*)::int AS "instances", count(v."at")::int AS "verified", min(v."at") AS "at", max(v."rto")::int AS "rto"
    FROM "plan_instance" i
    LEFT JOIN LATERAL (
      SELECT d."finishedAt" AS "at", d."rtoSeconds" AS "rto" FROM "drill_run" d
      WHERE d."planId" = i."planId" AND d."instanceId" = i."instanceId" AND d."status" = 'passed'
      ORDER BY d."finishedAt" DESC LIMIT 1
    ) v ON true
    WHERE i."planId" = ${planId}`;
  const r = rows[0];
  const verified = r && r.instances > 0 && r.verified === r.instances && r.at;
  const data = { verifiedAt: verified ? r.at : null, verifiedRtoS: verified ? r.rto : null };
  await db.planDrill.upsert({
    where: { planId },
    create: { planId, schedule: DEFAULT_DRILL_SETTINGS.schedule, probe: DEFAULT_DRILL_SETTINGS.probe, ...data },
    update: data,
  });
}
