import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { createPlanSchema } from "@/lib/schemas/plan";
import type { PolicyForm } from "@/lib/schemas/policy";
import { rpoDueAt, rpoScheduleOf } from "@/lib/schemas/rpo";
import type { Tx } from "@/lib/server/db/client";

/**
 * A policy a protection plan created ("Create a new backup policy") was edited in Policy Center: the plan takes
 * the policy's new name, Start Time, Backup Interval, Retention Period and replication, and its RPO follows the
 * new cadence from its last success, so the plan page, the plans list and the dashboard tell the truth about
 * the schedule HBR now runs. Plans bound to an existing policy read it live and store none of it. Returns the
 * ids of the plans changed.
 */
export async function followPolicyEdit(tx: Tx, regionId: string, policyId: string, form: PolicyForm): Promise<string[]> {
  const plans = await tx.plan.findMany({ where: { regionId, policyId, scheduleKind: "newPolicy" }, select: { id: true, config: true, lastSuccessAt: true } });
  const changed: string[] = [];
  for (const plan of plans) {
    const config = createPlanSchema.parse(plan.config);
    if (config.backupMode.mode !== "auto" || config.backupMode.schedule.kind !== "newPolicy") continue;
    const parsed = createPlanSchema.safeParse({
      ...config,
      backupMode: {
        ...config.backupMode,
        schedule: { ...config.backupMode.schedule, policyName: form.policyName, startTime: form.startTime, interval: form.interval, retention: form.retention },
      },
      replication: form.replication,
    });
    // A name the plan schema would not take (the policy form is HBR's rules): the plan keeps what it had.
    if (!parsed.success) continue;
    const next = parsed.data;
    const schedule = rpoScheduleOf(next);
    await tx.plan.update({
      where: { id: plan.id },
      data: {
        config: next as unknown as Prisma.InputJsonValue,
        replicationRegionId: next.replication.enabled ? (next.replication.destinationRegionId ?? null) : null,
        rpoIntervalS: schedule ? schedule.intervalMs / 1000 : null,
        rpoStartAt: schedule ? new Date(schedule.startMs) : null,
        rpoDueAt: schedule ? rpoDueAt(schedule, plan.lastSuccessAt?.getTime() ?? null) : null,
      },
    });
    changed.push(plan.id);
  }
  return changed;
}
