import "server-only";
import { hbrSchedule, retentionDays } from "@/lib/schemas/plan";
import type { PolicyForm, PolicyRuleView } from "@/lib/schemas/policy";
import type { HbrPolicyRule } from "@/lib/server/cloud/hbr/hbr-models";
import { describeSchedule } from "@/lib/server/policies/list-policies";

// How the Policy Center form maps onto HBR's `Rules` (docs/alibaba-cloud-api-hbr.md §2.1), both ways.

/** HBR's REPLICATION rule for the form's Replication to Other Region, or null when it is off. */
/** What the rules are made from: the Policy Center form, or a plan's new-policy schedule with its replication. */
export type PolicyRuleInput = Pick<PolicyForm, "startTime" | "interval" | "retention" | "replication">;

function replicationRuleOf(form: PolicyRuleInput): Omit<HbrPolicyRule, "ruleType"> | null {
  const r = form.replication;
  if (!r.enabled || !r.destinationRegionId || !r.retention) return null;
  return { replicationRegionId: r.destinationRegionId, retention: retentionDays(r.retention) };
}

/**
 * A new policy's rules: a BACKUP rule from Start Time, Backup Interval and Retention Period, plus REPLICATION when
 * on. The one mapping for Policy Center and for the worker's CreatePolicyV2 of a plan's new policy.
 */
export function policyRulesOf(form: PolicyRuleInput): HbrPolicyRule[] {
  const rules: HbrPolicyRule[] = [
    { ruleType: "BACKUP", backupType: "COMPLETE", schedule: hbrSchedule(form.startTime, form.interval), retention: retentionDays(form.retention), keepLatestSnapshots: 1 },
  ];
  const replication = replicationRuleOf(form);
  if (replication) rules.push({ ruleType: "REPLICATION", ...replication });
  return rules;
}

/** A rule as HBR described it, without the empty fields some answers carry (HBR validates what it is sent). */
const described = (rule: HbrPolicyRule): HbrPolicyRule =>
  Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== null && v !== undefined)) as unknown as HbrPolicyRule;

/**
 * The rules an edit sends. UpdatePolicyV2 replaces the whole rule set, so every rule goes back with its RuleId,
 * and rules the form does not manage (further BACKUP rules, TAG rules, the fields of a rule it does not show)
 * go back as HBR described them. The first BACKUP rule takes the form's schedule and retention; a TRANSITION
 * rule's retention overrides BACKUP's in HBR, so it takes the form's retention too; the first REPLICATION rule
 * takes the form's destination and retention, is added when missing, and every REPLICATION rule goes when the
 * form turns replication off.
 */
export function updatedPolicyRules(existing: readonly HbrPolicyRule[], form: PolicyForm): HbrPolicyRule[] {
  const days = retentionDays(form.retention);
  const replication = replicationRuleOf(form);
  const firstBackup = existing.findIndex((r) => r.ruleType === "BACKUP");
  const firstReplication = existing.findIndex((r) => r.ruleType === "REPLICATION");
  const rules = existing.flatMap((rule, i): HbrPolicyRule[] => {
    const kept = described(rule);
    if (i === firstBackup) return [{ ...kept, schedule: hbrSchedule(form.startTime, form.interval), retention: days }];
    if (rule.ruleType === "TRANSITION" && rule.retention !== undefined) return [{ ...kept, retention: days }];
    if (rule.ruleType === "REPLICATION") return replication && i === firstReplication ? [{ ...kept, ...replication }] : replication ? [kept] : [];
    return [kept];
  });
  if (firstBackup === -1) rules.unshift(policyRulesOf(form)[0]!);
  if (replication && firstReplication === -1) rules.push({ ruleType: "REPLICATION", ...replication });
  return rules;
}

const numberOrNull = (v: unknown) => (v === undefined || v === null || !Number.isFinite(Number(v)) ? null : Number(v));

/** The rules as the Policy Center shows them. */
export function ruleViewsOf(rules: readonly HbrPolicyRule[]): PolicyRuleView[] {
  return rules.map((r) => ({
    ruleId: r.ruleId ?? null,
    ruleType: r.ruleType,
    schedule: r.schedule ?? null,
    scheduleText: r.schedule ? describeSchedule(r.schedule) : null,
    retentionDays: numberOrNull(r.retention),
    replicationRegionId: r.replicationRegionId ?? null,
  }));
}
