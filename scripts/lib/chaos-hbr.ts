// The chaos run's inventory and its census of HBR: enough instances for every plan, and how many resources
// carry each plan's marker (more than one is a duplicate: a create sent twice).
import type { CloudClients } from "@/lib/server/cloud/clients";
import { defaultScenario } from "@/emulator/scenario/default-scenario";
import type { ScenarioInput } from "@/emulator/scenario/schema";

export const KINDS = ["policy", "binding", "plan", "manual"] as const;
export type PlanKind = (typeof KINDS)[number];

/** The default regions, with `count` generated instances (`i-<region>gen00001`…) in each region named. */
export function chaosScenario(counts: Record<string, number>): ScenarioInput {
  return {
    regions: defaultScenario().regions,
    generate: Object.entries(counts).map(([regionId, count]) => ({ regionId, count, namePrefix: "chaos-" })),
  };
}

const CONSOLE_MARKER = /^hbr-console[:-]/;

function tally(names: (string | undefined)[]): { marked: number; duplicates: number } {
  const counts = new Map<string, number>();
  for (const name of names) if (name && CONSOLE_MARKER.test(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return { marked: counts.size, duplicates: [...counts.values()].reduce((n, c) => n + c - 1, 0) };
}

/** Policies, bindings, backup plans and jobs the console made, and how many of them are one too many. */
export async function countDuplicates(cloud: CloudClients, regions: { policyRegion: string; planRegion: string }) {
  const policyHbr = cloud.hbr(regions.policyRegion);
  const planHbr = cloud.hbr(regions.planRegion);

  const policyMarkers: (string | undefined)[] = [];
  let token: string | undefined;
  do {
    const page = await policyHbr.describePoliciesV2({ maxResults: 100, nextToken: token });
    policyMarkers.push(...page.policies.map((p) => p.policyDescription));
    token = page.nextToken || undefined;
  } while (token);

  // HBR binds an instance to one policy at most; counted anyway, by instance.
  const boundInstances: string[] = [];
  token = undefined;
  do {
    const page = await policyHbr.describePolicyBindings({ sourceType: "UDM_ECS", maxResults: 100, nextToken: token });
    boundInstances.push(...page.policyBindings.filter((b) => b.policyBindingDescription && CONSOLE_MARKER.test(b.policyBindingDescription)).map((b) => `hbr-console:${b.dataSourceId}`));
    token = page.nextToken || undefined;
  } while (token);

  const planNames: string[] = [];
  for (let page = 1; ; page++) {
    const res = await planHbr.describeBackupPlans({ sourceType: "UDM_ECS", pageNumber: page, pageSize: 99 });
    planNames.push(...res.backupPlans.backupPlan.map((p) => p.planName));
    if (page * 99 >= res.totalCount) break;
  }

  const jobNames: (string | undefined)[] = [];
  for (let page = 1; ; page++) {
    const res = await planHbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageNumber: page, pageSize: 99 });
    jobNames.push(...res.backupJobs.backupJob.map((j) => j.jobName));
    if (page * 99 >= res.totalCount) break;
  }

  const counted = { policies: tally(policyMarkers), bindings: tally(boundInstances), backupPlans: tally(planNames), jobs: tally(jobNames) };
  const duplicates = Object.values(counted).reduce((n, c) => n + c.duplicates, 0);
  return { duplicates, counted: Object.fromEntries(Object.entries(counted).map(([k, c]) => [k, c.marked])) };
}

/** Every backup job HBR holds in `regionIds` (id and instance), for the census of what the console's sync recorded. */
export async function listCloudJobs(cloud: CloudClients, regionIds: string[]): Promise<{ jobId: string; instanceId: string | undefined }[]> {
  const jobs: { jobId: string; instanceId: string | undefined }[] = [];
  for (const regionId of regionIds) {
    const hbr = cloud.hbr(regionId);
    for (let page = 1; ; page++) {
      const res = await hbr.describeBackupJobs2({ sourceType: "UDM_ECS", pageNumber: page, pageSize: 99 });
      jobs.push(...res.backupJobs.backupJob.map((j) => ({ jobId: j.jobId, instanceId: j.instanceId })));
      if (page * 99 >= res.totalCount) break;
    }
  }
  return jobs;
}

/**
 * Whether the console counted each of its plans' cloud jobs exactly once: `rows` (backup_job rows of the plans)
 * against `cloudJobs` (HBR's jobs on the plans' instances; each instance belongs to one plan). A cloud job recorded
 * twice, or given to a plan that does not own its instance, or recorded without being in HBR, is counted twice;
 * one HBR holds that no row records is missed.
 */
export function jobCensus(
  rows: { planId: string; cloudJobId: string }[],
  cloudJobs: { jobId: string; instanceId: string | undefined }[],
  planOfInstance: Map<string, string>,
): { cloud: number; recorded: number; doubleCounted: number; missed: number } {
  const owner = new Map<string, string>();
  for (const j of cloudJobs) {
    const planId = planOfInstance.get(j.instanceId ?? "");
    if (planId) owner.set(j.jobId, planId);
  }
  const times = new Map<string, number>();
  for (const r of rows) times.set(r.cloudJobId, (times.get(r.cloudJobId) ?? 0) + 1);
  const repeated = [...times.values()].reduce((n, c) => n + c - 1, 0);
  const misplaced = rows.filter((r) => owner.get(r.cloudJobId) !== r.planId).length;
  const missed = [...owner.keys()].filter((id) => !times.has(id)).length;
  return { cloud: owner.size, recorded: rows.length, doubleCounted: repeated + misplaced, missed };
}
