import "server-only";
import { consistencyLevelOf } from "@/lib/schemas/plan";
import type { InstanceDetail } from "@/lib/schemas/instances";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { Db } from "@/lib/server/db/client";
import { getInstanceOrThrow } from "@/lib/server/instances/get-instances-by-ids";

const RECENT_JOBS = 10;

/** The instance as ECS shows it, the plans that protect it and its newest backups (predicted vs reached). */
export async function getInstanceDetail(deps: { db: Db; cloud: CloudClients }, regionId: string, instanceId: string): Promise<InstanceDetail> {
  const [instance, memberships, jobs] = await Promise.all([
    getInstanceOrThrow(deps.cloud, regionId, instanceId),
    deps.db.planInstance.findMany({
      where: { instanceId, plan: { regionId } },
      select: { predictedLevel: true, predictedAt: true, plan: { select: { id: true, name: true, status: true, appConsistent: true } } },
      orderBy: { plan: { createdAt: "desc" } },
      take: 50,
    }),
    deps.db.backupJob.findMany({
      where: { instanceId, plan: { regionId } },
      orderBy: { cloudCreatedAt: "desc" },
      take: RECENT_JOBS,
      select: {
        planId: true,
        cloudJobId: true,
        status: true,
        predictedLevel: true,
        consistencyLevel: true,
        consistencyRaw: true,
        downgradeReason: true,
        cloudCreatedAt: true,
        completedAt: true,
        plan: { select: { name: true } },
      },
    }),
  ]);
  return {
    instance,
    plans: memberships.map((m) => ({ ...m.plan, predictedLevel: consistencyLevelOf(m.predictedLevel), predictedAt: m.predictedAt?.toISOString() ?? null })),
    recentJobs: jobs.map((j) => ({
      planId: j.planId,
      planName: j.plan.name,
      jobId: j.cloudJobId,
      status: j.status,
      predictedLevel: consistencyLevelOf(j.predictedLevel),
      consistencyLevel: consistencyLevelOf(j.consistencyLevel),
      consistencyRaw: consistencyLevelOf(j.consistencyLevel) ? null : j.consistencyRaw,
      downgradeReason: j.downgradeReason,
      createdAt: j.cloudCreatedAt.toISOString(),
      completedAt: j.completedAt?.toISOString() ?? null,
    })),
  };
}
