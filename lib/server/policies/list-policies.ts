import "server-only";
import { parseIsoDuration, timeAmountText } from "@/lib/schemas/plan";
import type { PolicySummary } from "@/lib/schemas/policy";
import type { CloudClients } from "@/lib/server/cloud/clients";
import type { HbrPolicy, HbrPolicyRule } from "@/lib/server/cloud/hbr/hbr-models";
import { getRegionOrThrow } from "@/lib/server/regions/list-regions";

const POLICIES_PAGE = 100;
const days = (n: number) => timeAmountText({ value: n, unit: "days" });

/** `2026-12-01T02:00:00.000Z` → `2026-12-01 02:00 UTC` (seconds only when they are not zero). */
function formatUtc(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  const time = iso.slice(11, 19).endsWith(":00") ? iso.slice(11, 16) : iso.slice(11, 19);
  return `${iso.slice(0, 10)} ${time} UTC`;
}

/** `PT1H` → "1 hour", `P2W` → "2 weeks"; null for what HBR does not write. */
function describeDuration(duration: string): string | null {
  const parsed = parseIsoDuration(duration);
  return parsed ? timeAmountText(parsed) : null;
}

/** HBR's schedule in words: `I|1796176800|P1D` → "Every 1 day from 2026-12-01 02:00 UTC". */
export function describeSchedule(schedule: string): string {
  const [kind, start, spec] = schedule.split("|");
  const startUnix = Number(start);
  if (!spec || !Number.isFinite(startUnix)) return schedule;
  if (kind === "I") {
    const every = describeDuration(spec);
    return every ? `Every ${every} from ${formatUtc(startUnix)}` : schedule;
  }
  if (kind === "C") return `Cron ${spec} from ${formatUtc(startUnix)}`;
  return schedule;
}

const ruleOf = (policy: HbrPolicy, type: HbrPolicyRule["ruleType"]) => (policy.rules ?? []).find((r) => r.ruleType === type);

/** One policy as the wizard lists it; a TRANSITION retention wins over the BACKUP one, as in HBR. */
export function toPolicySummary(policy: HbrPolicy): PolicySummary {
  const backup = ruleOf(policy, "BACKUP");
  const replication = ruleOf(policy, "REPLICATION");
  const retentionDays = ruleOf(policy, "TRANSITION")?.retention ?? backup?.retention ?? null;
  const parts = [backup?.schedule ? describeSchedule(backup.schedule) : "No backup schedule"];
  if (retentionDays !== null) parts.push(`keep ${days(retentionDays)}`);
  if (replication?.replicationRegionId) {
    parts.push(`copy to ${replication.replicationRegionId}${replication.retention ? ` for ${days(replication.retention)}` : ""}`);
  }
  return {
    policyId: policy.policyId,
    policyName: policy.policyName || policy.policyId,
    scheduleText: parts.join(", "),
    schedule: backup?.schedule ?? null,
    retentionDays,
    replicationRegionId: replication?.replicationRegionId ?? null,
    bindingCount: policy.policyBindingCount ?? 0,
  };
}

/** Every backup policy of the region (all pages); none where HBR offers no policies. 404 for an unknown region. */
export async function listPolicies(cloud: CloudClients, regionId: string): Promise<PolicySummary[]> {
  const region = await getRegionOrThrow(cloud, regionId);
  if (!region.policySupported) return [];
  const policies: HbrPolicy[] = [];
  let nextToken: string | undefined;
  do {
    const res = await cloud.hbr(regionId).describePoliciesV2({ maxResults: POLICIES_PAGE, nextToken });
    policies.push(...(res.policies ?? []));
    nextToken = res.nextToken || undefined;
  } while (nextToken);
  return policies.map(toPolicySummary);
}
