import "server-only";
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { alertKinds, DEFAULT_UNPROTECTED_HOURS, type AlertKind } from "@/lib/schemas/alerts";
import type { Db, Tx } from "@/lib/server/db/client";
import { sendInTransaction } from "@/lib/server/jobs/boss";

// The worker's alert evaluation: SQL over what the syncs keep in PostgreSQL (plans, backup jobs, restores, drill
// runs, the inventory) gives the conditions that hold now; an alert opens for each new one and resolves when it
// clears. `openKey` (`<kind>|<subjectKey>`, unique, null once resolved) makes opening idempotent across concurrent
// evaluations: the insert is ON CONFLICT DO NOTHING, a resolution is an UPDATE … WHERE status = 'open'. Each
// opening and resolution makes one delivery per enabled channel (unique alert + channel + event) and queues it in
// the same transaction, so a notice exists exactly when its alert change commits.

export interface Condition {
  kind: AlertKind;
  subjectType: "plan" | "instance" | "restore";
  subjectId: string;
  subjectName: string;
  regionId: string | null;
  planId: string | null;
  title: string;
  detail: string;
}

export interface RuleSetting {
  enabled: boolean;
  thresholdHours: number;
}

export interface EvaluationResult {
  opened: string[];
  resolved: string[];
  deliveries: number;
}

export const subjectKeyOf = (c: Pick<Condition, "subjectType" | "subjectId">) => `${c.subjectType}:${c.subjectId}`;
export const openKeyOf = (c: Pick<Condition, "kind" | "subjectType" | "subjectId">) => `${c.kind}|${subjectKeyOf(c)}`;
export const newAlertId = () => `al_${randomUUID().replaceAll("-", "")}`;
export const newDeliveryId = () => `dl_${randomUUID().replaceAll("-", "")}`;

/** Every rule as it applies now: the admin's row, else on with the default threshold. */
export async function ruleSettings(db: Db | Tx): Promise<Record<AlertKind, RuleSetting>> {
  const rows = await db.alertRule.findMany();
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return Object.fromEntries(
    alertKinds.map((kind) => {
      const row = byKind.get(kind);
      return [kind, { enabled: row?.enabled ?? true, thresholdHours: row?.thresholdHours ?? DEFAULT_UNPROTECTED_HOURS }];
    }),
  ) as Record<AlertKind, RuleSetting>;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const list = (names: string[]) => (names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`);
const LEVEL_WORDS: Record<string, string> = { APPLICATION: "application-consistent", FILE_SYSTEM: "file-system-consistent", CRASH: "crash-consistent" };
const levelWord = (level: string) => LEVEL_WORDS[level] ?? level;

type PlanRow = { planId: string; planName: string; regionId: string };
type InstanceJobRow = PlanRow & { instanceName: string; at: Date; level?: string | null; predicted?: string | null };

/** Groups per-instance rows into one condition per plan (one open alert per plan and kind). */
function perPlan<R extends PlanRow>(rows: R[], make: (plan: PlanRow, rows: R[]) => Omit<Condition, "subjectType" | "subjectId" | "subjectName" | "regionId" | "planId">): Condition[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(r.planId, [...(groups.get(r.planId) ?? []), r]);
  return [...groups.values()].map((group) => {
    const plan = group[0]!;
    return { ...make(plan, group), subjectType: "plan", subjectId: plan.planId, subjectName: plan.planName, regionId: plan.regionId, planId: plan.planId };
  });
}

/** The conditions that hold now, for the rules that are on. */
export async function currentConditions(db: Db | Tx, rules: Record<AlertKind, RuleSetting>, now = new Date()): Promise<Condition[]> {
  const out: Condition[] = [];
  if (rules.backupJobFailed.enabled) {
    // Each plan instance's newest finished backup (failed or succeeded; a canceled one says nothing) of a live plan,
    // as the database keeps it on plan_instance on every job write: an indexed filter, no probe of backup_job.
    const rows = await db.$queryRaw<InstanceJobRow[]>`
      SELECT p.id AS "planId", p.name AS "planName", p."regionId", COALESCE(NULLIF(pi."instanceName", ''), pi."instanceId") AS "instanceName", pi."lastJobAt" AS at
      FROM plan_instance pi
      JOIN plan p ON p.id = pi."planId"
      WHERE pi."lastJobStatus" = 'FAILED' AND p.status <> 'deleting'
      ORDER BY p.id, "instanceName"`;
    out.push(
      ...perPlan(rows, (plan, group) => ({
        kind: "backupJobFailed",
        title: `Backup failed in plan ${plan.planName}`,
        detail: `The newest backup of ${list(group.map((r) => r.instanceName))} in plan ${plan.planName} failed (${utc(group[0]!.at)}). The next successful backup resolves this alert.`,
      })),
    );
  }
  if (rules.planFailed.enabled) {
    const rows = await db.$queryRaw<(PlanRow & { message: string | null })[]>`
      SELECT id AS "planId", name AS "planName", "regionId", "lastError"->>'message' AS message FROM plan WHERE status = 'failed' ORDER BY id`;
    out.push(
      ...perPlan(rows, (plan, [row]) => ({
        kind: "planFailed",
        title: `Plan ${plan.planName} failed`,
        detail: `Plan ${plan.planName} could not be set up in HBR${row?.message ? `: ${row.message}` : "."}${row?.message && !/[.!?]$/.test(row.message) ? "." : ""} Retry it from the plan's page.`,
      })),
    );
  }
  if (rules.rpoBreached.enabled) {
    const rows = await db.$queryRaw<(PlanRow & { dueAt: Date; lastSuccessAt: Date | null })[]>`
      SELECT id AS "planId", name AS "planName", "regionId", "rpoDueAt" AS "dueAt", "lastSuccessAt"
      FROM plan WHERE status = 'active' AND NOT paused AND "rpoDueAt" < ${now} ORDER BY id`;
    out.push(
      ...perPlan(rows, (plan, [row]) => ({
        kind: "rpoBreached",
        title: `RPO breached in plan ${plan.planName}`,
        detail: `Plan ${plan.planName} has had no successful backup since ${row!.lastSuccessAt ? utc(row!.lastSuccessAt) : "it started"}; one was due by ${utc(row!.dueAt)}.`,
      })),
    );
  }
  if (rules.belowPredicted.enabled) {
    // Each plan instance's newest successful backup whose level is known (kept on plan_instance, like the above),
    // below what the checklist predicted for it.
    const rows = await db.$queryRaw<InstanceJobRow[]>`
      SELECT p.id AS "planId", p.name AS "planName", p."regionId", COALESCE(NULLIF(pi."instanceName", ''), pi."instanceId") AS "instanceName",
        pi."lastLevelAt" AS at, pi."lastLevel" AS level, pi."lastLevelPredicted" AS predicted
      FROM plan_instance pi
      JOIN plan p ON p.id = pi."planId"
      WHERE pi."lastLevelPredicted" IN ('FILE_SYSTEM', 'APPLICATION') AND p.status <> 'deleting'
        AND array_position(ARRAY['CRASH', 'FILE_SYSTEM', 'APPLICATION'], pi."lastLevel") < array_position(ARRAY['CRASH', 'FILE_SYSTEM', 'APPLICATION'], pi."lastLevelPredicted")
      ORDER BY p.id, "instanceName"`;
    out.push(
      ...perPlan(rows, (plan, group) => ({
        kind: "belowPredicted",
        title: `Backup below the predicted consistency in plan ${plan.planName}`,
        detail: `${group.map((r) => `${r.instanceName}'s newest backup is ${levelWord(r.level!)}, ${levelWord(r.predicted!)} was predicted`).join("; ")}. Check the instance's prerequisites.`,
      })),
    );
  }
  if (rules.instanceUnprotected.enabled) {
    const since = new Date(now.getTime() - rules.instanceUnprotected.thresholdHours * 3_600_000);
    // Only instances that *became* unprotected: lost their protection, or appeared after the region's first
    // inventory pass. The fleet found unprotected when the console first looked is Coverage's to show, not a storm
    // of thousands of notices on the day after installation.
    const rows = await db.$queryRaw<{ instanceId: string; name: string; regionId: string; stateSince: Date }[]>`
      WITH first_seen AS (SELECT "regionId", min("firstSeenAt") AS at FROM inventory_instance GROUP BY "regionId")
      SELECT i."instanceId", i.name, i."regionId", i."stateSince" FROM inventory_instance i JOIN first_seen f ON f."regionId" = i."regionId"
      WHERE i.state = 'unprotected' AND i."stateSince" <= ${since}
        AND (i."stateSince" > i."firstSeenAt" + interval '1 minute' OR i."firstSeenAt" > f.at + interval '1 hour')
      ORDER BY i."instanceId" LIMIT 1000`;
    for (const r of rows) {
      const name = r.name || r.instanceId;
      out.push({
        kind: "instanceUnprotected", subjectType: "instance", subjectId: r.instanceId, subjectName: name, regionId: r.regionId, planId: null,
        title: `Instance ${name} is unprotected`,
        detail: `ECS instance ${name} (${r.instanceId}) in ${r.regionId} has had no backup plan and no HBR binding since ${utc(r.stateSince)}. Protect it from Coverage.`,
      });
    }
  }
  if (rules.restoreFailed.enabled) {
    // A failed restore, unless retried since (its row is then no longer failed) or a later restore of the same
    // instance from the same backup point succeeded.
    const rows = await db.$queryRaw<{ id: string; planId: string; sourceInstanceId: string; regionId: string; instanceName: string | null; planName: string | null; message: string | null; at: Date }[]>`
      SELECT r.id, r."planId", r."sourceInstanceId", r."restoreRegionId" AS "regionId", r."backupPoint"->>'instanceName' AS "instanceName",
        p.name AS "planName", r."lastError"->>'message' AS message, COALESCE(r."finishedAt", r."updatedAt") AS at
      FROM restore r LEFT JOIN plan p ON p.id = r."planId"
      WHERE r.status = 'failed'
        AND NOT EXISTS (SELECT 1 FROM restore later WHERE later."sourceInstanceId" = r."sourceInstanceId" AND later."hbrSnapshotId" = r."hbrSnapshotId"
                          AND later.status = 'succeeded' AND later."createdAt" > r."createdAt")
      ORDER BY r.id`;
    for (const r of rows) {
      const name = r.instanceName || r.sourceInstanceId;
      out.push({
        kind: "restoreFailed", subjectType: "restore", subjectId: r.id, subjectName: `Restore of ${name}`, regionId: r.regionId, planId: r.planId,
        title: `Restore of ${name} failed`,
        detail: `The restore of ${name}${r.planName ? ` (plan ${r.planName})` : ""} failed (${utc(r.at)})${r.message ? `: ${r.message.replace(/[.\s]+$/, "")}` : ""}. Retry it from the Restore Center.`,
      });
    }
  }
  if (rules.drillFailed.enabled) {
    const rows = await db.$queryRaw<(InstanceJobRow & { message: string | null })[]>`
      SELECT p.id AS "planId", p.name AS "planName", p."regionId", COALESCE(d."instanceName", d."instanceId") AS "instanceName", d.at, d.message
      FROM (
        SELECT DISTINCT ON (d."planId", d."instanceId") d."planId", d."instanceId", d."instanceName", d.status, d."lastError"->>'message' AS message, COALESCE(d."finishedAt", d."updatedAt") AS at
        FROM drill_run d WHERE d.status IN ('passed', 'failed')
        ORDER BY d."planId", d."instanceId", d."createdAt" DESC, d.id DESC
      ) d
      JOIN plan p ON p.id = d."planId" AND p.status <> 'deleting'
      WHERE d.status = 'failed'
      ORDER BY p.id, "instanceName"`;
    out.push(
      ...perPlan(rows, (plan, group) => ({
        kind: "drillFailed",
        title: `Restore drill failed in plan ${plan.planName}`,
        detail: `The newest restore drill of ${list(group.map((r) => r.instanceName))} in plan ${plan.planName} failed (${utc(group[0]!.at)})${group[0]!.message ? `: ${group[0]!.message.replace(/[.\s]+$/, "")}` : ""}. A drill that passes resolves this alert.`,
      })),
    );
  }
  return out;
}

const RESOLUTIONS: Record<AlertKind, string> = {
  backupJobFailed: "The newest backup of every instance in the plan succeeded.",
  planFailed: "The plan is no longer failed.",
  rpoBreached: "A successful backup brought the plan back within its RPO (or the plan was paused).",
  belowPredicted: "The newest backup reached the predicted consistency.",
  instanceUnprotected: "The instance is protected now (or no longer exists).",
  restoreFailed: "The restore was retried successfully.",
  drillFailed: "The newest restore drill passed.",
};
const RULE_OFF = "The rule was turned off.";

/** Queues one delivery per enabled channel for an alert's opening or resolution, inside the caller's transaction. */
async function notify(tx: Tx, boss: PgBoss, alertId: string, event: "opened" | "resolved"): Promise<number> {
  const channels = await tx.alertChannel.findMany({ where: { enabled: true }, select: { id: true } });
  let made = 0;
  for (const ch of channels) {
    const id = newDeliveryId();
    const inserted = await tx.$executeRaw`
      INSERT INTO alert_delivery (id, "alertId", "channelId", event, status, attempts, "createdAt", "updatedAt")
      VALUES (${id}, ${alertId}, ${ch.id}, ${event}, 'pending', 0, now(), now())
      ON CONFLICT ("alertId", "channelId", event) DO NOTHING`;
    if (inserted) {
      await sendInTransaction(boss, tx, "alertDeliver", { deliveryId: id }, { singletonKey: id });
      made++;
    }
  }
  return made;
}

/**
 * Opens an alert for every condition that holds and has none open, and resolves every open alert whose condition
 * cleared (its rule off: resolved without a notice). Safe to run in several workers at once.
 */
export async function evaluateAlerts(deps: { db: Db; boss: PgBoss }, now = new Date()): Promise<EvaluationResult> {
  const { db, boss } = deps;
  const rules = await ruleSettings(db);
  const conditions = await currentConditions(db, rules, now);
  const holding = new Map(conditions.map((c) => [openKeyOf(c), c]));
  const open = await db.alert.findMany({ where: { status: "open" }, select: { id: true, kind: true, openKey: true, subjectType: true, subjectId: true } });
  const openKeys = new Set(open.map((a) => a.openKey));
  const result: EvaluationResult = { opened: [], resolved: [], deliveries: 0 };

  for (const [key, c] of holding) {
    if (openKeys.has(key)) continue;
    await db.$transaction(async (tx) => {
      const id = newAlertId();
      const inserted = await tx.$executeRaw`
        INSERT INTO alert (id, kind, "subjectKey", "subjectType", "subjectId", "subjectName", "regionId", "planId", title, detail, "openKey", status, "openedAt")
        VALUES (${id}, ${c.kind}, ${subjectKeyOf(c)}, ${c.subjectType}, ${c.subjectId}, ${c.subjectName}, ${c.regionId}, ${c.planId}, ${c.title}, ${c.detail}, ${key}, 'open', ${now})
        ON CONFLICT ("openKey") DO NOTHING`;
      if (!inserted) return; // another evaluation opened it first
      result.opened.push(id);
      result.deliveries += await notify(tx, boss, id, "opened");
    });
  }

  for (const a of open) {
    if (a.openKey && holding.has(a.openKey)) continue;
    const kind = a.kind as AlertKind;
    const ruleOn = rules[kind]?.enabled ?? false;
    let resolution = ruleOn ? RESOLUTIONS[kind] : RULE_OFF;
    if (ruleOn && a.subjectType === "plan" && !(await db.plan.findUnique({ where: { id: a.subjectId }, select: { id: true } }))) resolution = "The plan was deleted.";
    await db.$transaction(async (tx) => {
      const updated = await tx.$executeRaw`
        UPDATE alert SET status = 'resolved', "openKey" = NULL, "resolvedAt" = ${now}, resolution = ${resolution}
        WHERE id = ${a.id} AND status = 'open'`;
      if (!updated) return; // another evaluation resolved it first
      result.resolved.push(a.id);
      if (ruleOn) result.deliveries += await notify(tx, boss, a.id, "resolved");
    });
  }
  return result;
}
